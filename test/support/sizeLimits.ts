/** The layout's size limits (ARCHITECTURE.md; issue 20): longer than this, a file or a function wants splitting. */
export const FILE_LINE_LIMIT = 300;
export const FUNCTION_LINE_LIMIT = 50;
