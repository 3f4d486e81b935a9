// Default Recruit field layouts (ref §5.1 shape, §5.7 names and mandatory fields).
import type { RecruitFieldOverride } from '../scenario';

export interface FieldDef {
	id: string;
	api_name: string;
	field_label: string;
	data_type: string;
	json_type: string | null;
	length: number | null;
	system_mandatory: boolean;
	read_only: boolean;
	custom_field: boolean;
	visible: boolean;
	unique: boolean;
	pick_list_values: Array<{ display_value: string; actual_value: string }>;
	lookup: { module: string } | Record<string, never>;
	/** Sandbox-only, not sent in metadata: reject unknown picklist values. */
	restricted: boolean;
}

type Spec = [api: string, type: string, length: number | null, extra?: Partial<FieldDef>];

const JSON_TYPES: Record<string, string> = {
	text: 'string',
	textarea: 'string',
	email: 'string',
	phone: 'string',
	website: 'string',
	picklist: 'string',
	autonumber: 'string',
	multiselectpicklist: 'jsonarray',
	integer: 'integer',
	double: 'double',
	currency: 'double',
	boolean: 'boolean',
	datetime: 'string',
	date: 'string',
	lookup: 'jsonobject',
	ownerlookup: 'jsonobject',
};

function picklist(...values: string[]): Partial<FieldDef> {
	return { pick_list_values: values.map((v) => ({ display_value: v, actual_value: v })) };
}

const CAMPAIGN_FIELDS: Spec[] = [
	// Custom fields for the native push's "map custom data" (ref §8): the activity status.
	['Campaign_Activity', 'picklist', null, { custom_field: true, ...picklist('Opened', 'Clicked') }],
	['Last_Campaign', 'text', 255, { custom_field: true }],
];

const SYSTEM_TAIL: Spec[] = [
	['Created_Time', 'datetime', null, { read_only: true }],
	['Modified_Time', 'datetime', null, { read_only: true }],
	['Created_By', 'ownerlookup', null, { read_only: true }],
	['Modified_By', 'ownerlookup', null, { read_only: true }],
];

const LAYOUTS: Record<string, Spec[]> = {
	Candidates: [
		['Candidate_ID', 'autonumber', null, { read_only: true }],
		['Salutation', 'picklist', null, picklist('Mr.', 'Mrs.', 'Ms.', 'Dr.')],
		['First_Name', 'text', 40],
		['Last_Name', 'text', 80, { system_mandatory: true }],
		['Full_Name', 'text', 160, { read_only: true }],
		['Email', 'email', 100, { unique: true }],
		['Secondary_Email', 'email', 100],
		['Phone', 'phone', 30],
		['Mobile', 'phone', 30],
		['Street', 'text', 250],
		['City', 'text', 100],
		['State', 'text', 100],
		['Zip_Code', 'text', 30],
		['Country', 'text', 100],
		['Current_Employer', 'text', 100],
		['Current_Job_Title', 'text', 100],
		['Experience_in_Years', 'integer', 4],
		['Skill_Set', 'textarea', 2000],
		['Website', 'website', 255],
		[
			'Source',
			'picklist',
			null,
			picklist('Added by User', 'Imported by parser', 'API', 'Zoho Campaigns'),
		],
		[
			'Candidate_Status',
			'picklist',
			null,
			picklist('New', 'Contacted', 'Qualified', 'Unqualified'),
		],
		['Origin', 'picklist', null, picklist('Sourced', 'Applied', 'Imported')],
		['Email_Opt_Out', 'boolean', null],
		['Candidate_Owner', 'ownerlookup', null],
		...CAMPAIGN_FIELDS,
		...SYSTEM_TAIL,
	],
	Contacts: [
		['Salutation', 'picklist', null, picklist('Mr.', 'Mrs.', 'Ms.', 'Dr.')],
		['First_Name', 'text', 40],
		['Last_Name', 'text', 80, { system_mandatory: true }],
		['Full_Name', 'text', 160, { read_only: true }],
		['Email', 'email', 100, { unique: true }],
		['Secondary_Email', 'email', 100],
		['Phone', 'phone', 30],
		['Mobile', 'phone', 30],
		['Job_Title', 'text', 100],
		['Department', 'text', 100],
		['Client_Name', 'lookup', null, { lookup: { module: 'Clients' } }],
		['Mailing_Street', 'text', 250],
		['Mailing_City', 'text', 100],
		['Mailing_State', 'text', 100],
		['Mailing_Zip', 'text', 30],
		['Mailing_Country', 'text', 100],
		['Email_Opt_Out', 'boolean', null],
		['Contact_Owner', 'ownerlookup', null],
		...CAMPAIGN_FIELDS,
		...SYSTEM_TAIL,
	],
	Clients: [
		['Client_Name', 'text', 120, { system_mandatory: true, unique: true }],
		['Website', 'website', 255],
		['Industry', 'picklist', null, picklist('Technology', 'Finance', 'Healthcare', 'Retail')],
		['Phone', 'phone', 30],
		['Billing_City', 'text', 100],
		['Client_Owner', 'ownerlookup', null],
		...SYSTEM_TAIL,
	],
};

export const RECORD_MODULES = Object.keys(LAYOUTS);

const MODULE_FIELD_ID_BASE: Record<string, number> = {
	Candidates: 1000,
	Contacts: 2000,
	Clients: 3000,
};

export function buildLayout(
	module: string,
	overrides: RecruitFieldOverride[] = [],
	options: { contactsRequireClientName?: boolean } = {},
): FieldDef[] {
	const fields: FieldDef[] = (LAYOUTS[module] ?? []).map(([api, type, length, extra], i) => ({
		id: String(486812000000000000n + BigInt(MODULE_FIELD_ID_BASE[module] + i)),
		api_name: api,
		field_label: api.replace(/_/g, ' '),
		data_type: type,
		json_type: JSON_TYPES[type] ?? 'string',
		length,
		system_mandatory: false,
		read_only: false,
		custom_field: false,
		visible: true,
		unique: false,
		pick_list_values: [],
		lookup: {},
		restricted: false,
		...extra,
	}));
	if (module === 'Contacts' && options.contactsRequireClientName) {
		const clientName = fields.find((f) => f.api_name === 'Client_Name');
		if (clientName) clientName.system_mandatory = true;
	}
	for (const override of overrides) {
		const index = fields.findIndex((f) => f.api_name === override.api_name);
		if (override.remove) {
			if (index >= 0) fields.splice(index, 1);
			continue;
		}
		const rest = { ...override };
		delete rest.remove;
		if (index >= 0) {
			fields[index] = { ...fields[index], ...rest } as FieldDef;
		} else {
			const type = rest.data_type ?? 'text';
			fields.push({
				id: String(
					486812000000000000n +
						BigInt(MODULE_FIELD_ID_BASE[module] ?? 9000) +
						500n +
						BigInt(fields.length),
				),
				field_label: rest.api_name.replace(/_/g, ' '),
				data_type: type,
				json_type: JSON_TYPES[type] ?? 'string',
				length: type === 'text' ? 255 : null,
				system_mandatory: false,
				read_only: false,
				custom_field: true,
				visible: true,
				unique: false,
				pick_list_values: [],
				lookup: {},
				restricted: false,
				...rest,
			} as FieldDef);
		}
	}
	return fields;
}

/** The metadata view (ref §5.1): everything but the sandbox-only `restricted` flag. */
export function fieldMetadata(field: FieldDef): Record<string, unknown> {
	const rest: Partial<FieldDef> = { ...field };
	delete rest.restricted;
	return rest;
}
