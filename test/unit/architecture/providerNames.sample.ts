// Read by providerNames.test.ts as text, never run: a comment may say Connectly or Meta freely.
export const connectlyLabel = 'x';
export const choice = 'metaCloudApi';
export const metadata = 'not a provider';
export const sentence = `Sent with Texter ${connectlyLabel.length}`;
