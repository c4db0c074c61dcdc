import type { ResponseVerdicts } from '../../nodes/WhatsAppSession/transport/send';

/** The plainest reading of answers, for transport tests with no adapter: 2xx accepts, 429 means "too many requests". */
export const STATUS_VERDICTS: ResponseVerdicts = {
	isAccepted: (response) => response.statusCode >= 200 && response.statusCode < 300,
	isRateLimited: (response) => response.statusCode === 429,
};
