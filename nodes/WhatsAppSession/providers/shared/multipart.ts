/**
 * multipart/form-data (RFC 7578) written by hand: the package has no runtime dependencies, and
 * n8n's request helper sends a Buffer body as it is when the Content-Type is given.
 */

/** One part of the form: a text field, or a file with its name and type. */
export type FormPart =
	| { field: string; text: string }
	| { field: string; file: { fileName: string; mimeType: string; bytes: Buffer } };

const CRLF = '\r\n';

/** The form's bytes, and the Content-Type header that names its boundary. */
export function encodeMultipartForm(parts: readonly FormPart[], boundary: string): { contentType: string; bytes: Buffer } {
	const chunks: Buffer[] = [];
	for (const part of parts) {
		const head =
			'file' in part
				? `Content-Disposition: form-data; name="${quoted(part.field)}"; filename="${quoted(part.file.fileName)}"${CRLF}` +
					`Content-Type: ${part.file.mimeType}`
				: `Content-Disposition: form-data; name="${quoted(part.field)}"`;
		chunks.push(Buffer.from(`--${boundary}${CRLF}${head}${CRLF}${CRLF}`, 'utf8'));
		chunks.push('file' in part ? part.file.bytes : Buffer.from(part.text, 'utf8'));
		chunks.push(Buffer.from(CRLF, 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--${CRLF}`, 'utf8'));
	return { contentType: `multipart/form-data; boundary=${boundary}`, bytes: Buffer.concat(chunks) };
}

/**
 * A name inside a quoted header parameter, escaped as browsers do (WHATWG HTML, "multipart/form-data
 * encoding algorithm"): a quote or a line break in a file name must not end the header.
 */
function quoted(text: string): string {
	return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
