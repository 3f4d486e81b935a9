import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getMailingLists } from '../transport/campaigns';

/** The account's mailing lists for a list picker, by name with their member count. */
export async function mailingListOptions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const lists = await getMailingLists.call(this);
	return lists
		.map((list) => ({
			name: list.contactCount === null ? list.name : `${list.name} (${list.contactCount})`,
			value: list.key,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
