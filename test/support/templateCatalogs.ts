/** Template lists as the providers document them, for the template picker's tests. */

/** Meta's `message_templates` answer, in the shape of its reference. */
export const META_TEMPLATES = {
	data: [
		{
			name: 'invoice_ready',
			language: 'en_US',
			status: 'APPROVED',
			category: 'UTILITY',
			id: '1',
			components: [
				{ type: 'HEADER', format: 'DOCUMENT' },
				{ type: 'BODY', text: 'Hi {{1}}, invoice {{2}} is ready. Thanks, {{1}}' },
				{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Open', url: 'https://shop.example.com/i/{{1}}' }, { type: 'QUICK_REPLY', text: 'Stop' }] },
			],
		},
		{ name: 'order_update', language: 'pt_BR', status: 'APPROVED', components: [{ type: 'BODY', text: 'Pedido {{order_id}}' }] },
		{ name: 'draft_offer', language: 'en', status: 'PENDING', components: [{ type: 'BODY', text: 'x' }] },
	],
	paging: { cursors: { before: 'a', after: 'b' } },
};

/** Connectly's "Get templates" answer, in the shape of its documentation. */
export const CONNECTLY_TEMPLATES = {
	entity: {
		templateGroups: [
			{
				id: 'order_confirmation',
				name: 'order_confirmation',
				templates: [
					{
						language: { code: 'en' },
						status: 'MESSAGE_TEMPLATE_STATUS_APPROVED',
						externalTemplate: {
							whatsapp: {
								components: [
									{ type: 'HEADER', format: 'IMAGE', text: null, buttons: [] },
									{ type: 'BODY', format: 'FORMAT_UNSPECIFIED', text: 'Order {{1}} ships on {{2}}', buttons: [] },
									{ type: 'BUTTONS', format: 'FORMAT_UNSPECIFIED', text: null, buttons: [{ type: 'URL', text: 'Track', url: 'https://x.io/{{1}}' }] },
								],
							},
						},
					},
					{ language: { code: 'es' }, status: 'MESSAGE_TEMPLATE_STATUS_REJECTED', externalTemplate: { whatsapp: { components: [] } } },
				],
			},
			{ id: 'welcome', templates: [{ language: { code: 'en' }, status: 'MESSAGE_TEMPLATE_STATUS_APPROVED' }] },
		],
	},
};
