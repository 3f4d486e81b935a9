import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { getRecruitFields } from '../shared/transport/recruit';
import { toMapperFields } from './fieldSchema';

/** resourceMapperMethod of `columns`: the module's live field layout. */
export async function getRecruitFieldsMapping(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const module = this.getNodeParameter('module', 'Candidates') as string;
	const fields = await getRecruitFields.call(this, module);
	return {
		fields: toMapperFields(fields),
		emptyFieldsNotice: `No writable fields found in the Recruit ${module} layout`,
	};
}
