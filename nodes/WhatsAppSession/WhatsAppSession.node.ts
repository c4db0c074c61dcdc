import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { resumeWithAnswer } from './waiting/resumeWithAnswer';
import { route } from './actions/router';
import { searchTemplates } from './methods/templateSearch';
import { providerCredentialTests, providerOwnFields } from './description/byProvider';
import {
	chatIdRecipientProperties,
	OPERATION_SUBTITLE,
	operationNotOfferedNotices,
	operationProperties,
	optionsProperty,
	providerProperty,
	readReceiptRecipientProperty,
	recipientProperty,
	resourceProperty,
} from './description/common';
import { contactsProperties } from './description/contacts';
import { deliveryProperty } from './description/delivery';
import { ctaUrlProperties, listProperties, replyButtonsProperties } from './description/interactive';
import { catalogProperties, productListProperties, productProperties } from './description/commerce';
import { flowProperties } from './description/flow';
import { locationProperties, locationRequestProperties, reactionProperties } from './description/location';
import { mediaProperties } from './description/media';
import { getMediaProperties } from './description/getMedia';
import { readReceiptProperties } from './description/readReceipt';
import { templateProperties, windowClosedProperties } from './description/template';
import { sendAndWaitProperties, sendAndWaitWebhooks } from './description/sendAndWait';
import { textProperties } from './description/text';

export class WhatsAppSession implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Session',
		name: 'whatsAppSession',
		icon: { light: 'file:whatsAppSession.svg', dark: 'file:whatsAppSession.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: OPERATION_SUBTITLE,
		description:
			'Reply to WhatsApp customers within the 24-hour session window (text, media, location, contacts, buttons, lists, links, reactions), or send an approved template',
		defaults: { name: 'WhatsApp Session' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Send and Wait for Reply resumes here: n8n's own waiting URL, which nothing registers.
		webhooks: sendAndWaitWebhooks,
		// Literal, because n8n's community lint (credential-test-required) reads testedBy from here.
		// A unit test holds it to the registry: each adapter's credential, for its own choice.
		credentials: [
			{
				name: 'whatsAppSessionApi',
				required: true,
				testedBy: 'whatsAppSessionApiCredentialTest',
				displayOptions: { show: { provider: ['cloudApiCompatible'] } },
			},
			{
				name: 'whatsAppCloudApi',
				required: true,
				displayOptions: { show: { provider: ['metaCloudApi'] } },
			},
			{
				// Tested by its own declarative request: a 2xx there proves the key and business ID.
				name: 'connectlyApi',
				required: true,
				displayOptions: { show: { provider: ['connectly'] } },
			},
			{
				name: 'texterApi',
				required: true,
				testedBy: 'texterApiCredentialTest',
				displayOptions: { show: { provider: ['texter'] } },
			},
		],
		properties: [
			providerProperty,
			resourceProperty,
			...operationProperties,
			...operationNotOfferedNotices,
			recipientProperty,
			readReceiptRecipientProperty,
			...chatIdRecipientProperties,
			...textProperties,
			...mediaProperties,
			...providerOwnFields(),
			...locationProperties,
			...contactsProperties,
			...replyButtonsProperties,
			...listProperties,
			...ctaUrlProperties,
			...locationRequestProperties,
			...productProperties,
			...productListProperties,
			...catalogProperties,
			...flowProperties,
			...reactionProperties,
			...templateProperties,
			...windowClosedProperties,
			...readReceiptProperties,
			...sendAndWaitProperties,
			optionsProperty,
			// After the message options: Get Media has an Options collection of its own under that name.
			...getMediaProperties,
			deliveryProperty,
		],
	};

	methods = {
		credentialTest: providerCredentialTests(),
		listSearch: { searchTemplates },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWithAnswer.call(this);
	}
}
