import type { SessionContentType } from './types';

/**
 * The labels users see in the node form. Validation errors name fields by these same labels, so
 * the form and the error messages cannot drift apart.
 */
export const FIELD_LABELS = {
	recipient: 'Recipient Phone Number',
	recipientChatId: 'Chat ID',
	replyToMessageId: 'Reply To Message ID',
	textBody: 'Text',
	previewUrl: 'Show Link Preview',
	mediaType: 'Media Type',
	mediaSource: 'Media Source',
	mediaUrl: 'Media URL',
	mediaId: 'Media ID',
	binaryPropertyName: 'Input Binary Field',
	caption: 'Caption',
	filename: 'File Name',
	voiceNote: 'Send as Voice Note',
	latitude: 'Latitude',
	longitude: 'Longitude',
	locationName: 'Location Name',
	address: 'Address',
	contacts: 'Contacts',
	formattedName: 'Formatted Name',
	birthday: 'Birthday',
	phones: 'Phones',
	emails: 'Emails',
	urls: 'URLs',
	body: 'Body Text',
	header: 'Header',
	headerText: 'Header Text',
	headerMediaUrl: 'Header Media URL',
	headerMediaId: 'Header Media ID',
	footer: 'Footer Text',
	buttons: 'Buttons',
	buttonId: 'ID',
	buttonTitle: 'Title',
	listButtonText: 'Button Label',
	sections: 'Sections',
	sectionTitle: 'Title',
	rows: 'Rows',
	rowId: 'ID',
	rowTitle: 'Title',
	rowDescription: 'Description',
	ctaButtonText: 'Button Label',
	ctaUrl: 'Button URL',
	catalogId: 'Catalog ID',
	productRetailerId: 'Product Retailer ID',
	productSections: 'Product Sections',
	products: 'Products',
	thumbnailProductRetailerId: 'Thumbnail Product Retailer ID',
	flowReference: 'Identify Flow By',
	flowId: 'Flow ID',
	flowName: 'Flow Name',
	flowButtonText: 'Flow Button Label',
	flowToken: 'Flow Token',
	flowMode: 'Flow Mode',
	flowAction: 'Open Flow With',
	flowScreen: 'First Screen ID',
	flowScreenData: 'First Screen Data',
	reactionMessageId: 'Message ID',
	emoji: 'Emoji',
	clientMessageId: 'Client Message ID',
	idempotencyKey: 'Idempotency Key',
	operation: 'Operation',
	templateName: 'Template Name',
	templateLanguage: 'Language Code',
	templateBodyParameters: 'Body Parameters',
	templateParameterName: 'Parameter Name',
	templateParameterText: 'Text',
	templateHeader: 'Template Header',
	templateHeaderText: 'Header Parameter Text',
	templateHeaderParameterName: 'Header Parameter Name',
	templateHeaderMediaUrl: 'Header Media URL',
	templateHeaderMediaId: 'Header Media ID',
	templateHeaderFilename: 'Header File Name',
	templateHeaderLatitude: 'Header Latitude',
	templateHeaderLongitude: 'Header Longitude',
	templateHeaderLocationName: 'Header Location Name',
	templateHeaderAddress: 'Header Address',
	templateButtons: 'Button Parameters',
	templateButtonKind: 'Button Type',
	templateButtonIndex: 'Button Index',
	templateButtonValue: 'Value',
	templateButtonFlowActionData: 'Flow Action Data',
	windowClosedAction: 'If the 24-Hour Window Is Closed',
	readMessageId: 'Message ID to Mark as Read',
	showTypingIndicator: 'Show Typing Indicator',
} as const;

/**
 * Each message type by the name of the operation that sends it, so an error about a type a
 * provider cannot carry names the operation the user picked.
 */
export const OPERATION_LABELS = {
	text: 'Send Text',
	media: 'Send Media',
	location: 'Send Location',
	contacts: 'Send Contacts',
	replyButtons: 'Send Reply Buttons',
	list: 'Send List',
	ctaUrl: 'Send Call-to-Action URL',
	locationRequest: 'Send Location Request',
	product: 'Send Product',
	productList: 'Send Product List',
	catalog: 'Send Catalog',
	flow: 'Send Flow',
	reaction: 'Send Reaction',
	template: 'Send Template',
	readReceipt: 'Mark as Read',
} as const satisfies Record<SessionContentType, string>;

/**
 * "Button 0": one entry of a list. Counted from 0, as n8n counts items ("Item Index 0" in its
 * error view, item 0 in its expression preview), so an error about item 0 and its button 0 uses
 * one numbering, the same one an expression like `$json.buttons[0]` uses.
 */
export function listPosition(noun: string, index: number): string {
	return `${noun} ${index}`;
}

/** "Buttons › Button 1 › Title": the path to a field inside a list. */
export function nestedFieldLabel(...parts: Array<string | number>): string {
	return parts.map(String).join(' › ');
}
