import { catalogProperties, productListProperties, productProperties } from '../../../nodes/WhatsAppSession/description/commerce';
import { flowProperties } from '../../../nodes/WhatsAppSession/description/flow';
import { isPlainObject } from '../../../nodes/WhatsAppSession/util/values';

interface Field {
	path: string;
	description: string;
}

/** Every field, nested ones too (a fixed collection's entries), with where it sits. */
function fieldsOf(entries: readonly unknown[], path = ''): Field[] {
	return entries.flatMap((entry): Field[] => {
		if (!isPlainObject(entry)) return [];
		const nested = Array.isArray(entry.values) ? entry.values : Array.isArray(entry.options) && entry.type === 'fixedCollection' ? entry.options : [];
		if (typeof entry.name !== 'string' || typeof entry.type !== 'string') return fieldsOf(nested, path);
		const description = typeof entry.description === 'string' ? entry.description : '';
		return [{ path: `${path}${entry.name}`, description }, ...fieldsOf(nested, `${path}${entry.name}.`)];
	});
}

describe('the form of Send Product, Send Product List, Send Catalog and Send Flow', () => {
	const fields = fieldsOf([...productProperties, ...productListProperties, ...catalogProperties, ...flowProperties]);

	it('describes every field, for users and for a model using the node as a tool', () => {
		expect(fields.length).toBeGreaterThan(20);
		expect(fields.filter(({ description }) => description.trim() === '').map(({ path }) => path)).toEqual([]);
	});

	it('warns above 20 characters of a Flow button label, in a hint, and names the limit of 30', () => {
		const label = flowProperties.find((field) => field.name === 'flowButtonText');
		expect(label?.hint).toBe('Up to 30 characters; keep it to 20 without emoji, as some phones cut longer labels');
	});

	it('requires a product list\'s header, unlike the optional one of a Flow', () => {
		expect(productListProperties.find((field) => field.name === 'headerText')?.required).toBe(true);
		expect(flowProperties.find((field) => field.name === 'headerText')?.required).toBeUndefined();
	});
});
