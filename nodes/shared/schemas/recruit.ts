import { z } from 'zod';

/**
 * Zod schemas at the Zoho Recruit v2 boundary (docs/zoho-api.md). Ids are strings in most samples but
 * numbers in some (add_tags details.id), so both are accepted and normalised to strings.
 */

/**
 * A record id as a string. The transports parse big integers as exact strings; a number that is
 * still too large to be exact (someone else parsed the JSON) is refused rather than turned into
 * a neighbouring record's id (docs/zoho-api.md, "Record ids").
 */
export const zohoIdSchema = z.union([
	z.string().min(1),
	z
		.number()
		.refine(Number.isSafeInteger, {
			message: 'an 18-digit id arrived as a JSON number and lost its last digits',
		})
		.transform(String),
]);
const idSchema = zohoIdSchema;

/** One entry of a write response's data[] (insert/update/upsert/tags/notes). */
export const recordResultEntrySchema = z
	.object({
		code: z
			.union([z.string(), z.number()])
			.optional()
			.transform((v) => (v === undefined ? '' : String(v))),
		status: z.string().optional(),
		message: z
			.unknown()
			.optional()
			.transform((v) => (v === undefined || v === null ? '' : String(v))),
		action: z.string().nullable().optional(),
		duplicate_field: z.string().nullable().optional(),
		details: z
			.record(z.unknown())
			.nullable()
			.optional()
			.transform((v) => v ?? {}),
	})
	.passthrough();
export type RecordResultEntry = z.infer<typeof recordResultEntrySchema>;

export const writeResponseSchema = z
	.object({ data: z.array(recordResultEntrySchema) })
	.passthrough();

/** Request-level error body: a top-level string code (docs/zoho-api.md). */
export const requestErrorSchema = z
	.object({
		code: z.union([z.string(), z.number()]).transform(String),
		message: z
			.unknown()
			.optional()
			.transform((v) => (v === undefined || v === null ? '' : String(v))),
		status: z.string().optional(),
		details: z.unknown().optional(),
	})
	.passthrough();

export const recordSchema = z.object({ id: idSchema }).passthrough();

export const listResponseSchema = z
	.object({
		data: z.array(recordSchema).optional().default([]),
		info: z
			.object({
				more_records: z.boolean().optional(),
				page: z.union([z.number(), z.string()]).optional(),
				per_page: z.union([z.number(), z.string()]).optional(),
				count: z.union([z.number(), z.string()]).optional(),
			})
			.passthrough()
			.optional(),
	})
	.passthrough();

const picklistValueSchema = z
	.object({
		display_value: z.unknown().optional(),
		actual_value: z.unknown().optional(),
	})
	.passthrough()
	.transform((v) => {
		const display = v.display_value ?? v.actual_value;
		const actual = v.actual_value ?? v.display_value;
		return {
			display: display === undefined || display === null ? '' : String(display),
			actual: actual === undefined || actual === null ? '' : String(actual),
		};
	});

const lengthSchema = z
	.union([z.number(), z.string()])
	.nullable()
	.optional()
	.transform((v) => {
		if (v === undefined || v === null || v === '') return null;
		const n = Number(v);
		return Number.isFinite(n) ? n : null;
	});

/** Field metadata (CRM-v2 shape, docs/zoho-api.md). Only api_name is required. */
export const fieldSchema = z
	.object({
		api_name: z.string(),
		field_label: z.string().nullable().optional(),
		display_label: z.string().nullable().optional(),
		data_type: z.string().nullable().optional(),
		json_type: z.string().nullable().optional(),
		system_mandatory: z.boolean().nullable().optional(),
		mandatory: z.boolean().nullable().optional(),
		required: z.boolean().nullable().optional(),
		read_only: z.boolean().nullable().optional(),
		custom_field: z.boolean().nullable().optional(),
		unique: z.unknown().optional(),
		length: lengthSchema,
		pick_list_values: z.array(picklistValueSchema).nullable().optional(),
		lookup: z.unknown().optional(),
	})
	.passthrough();

export const fieldsResponseSchema = z.object({ fields: z.array(fieldSchema) }).passthrough();

export const usersResponseSchema = z
	.object({ users: z.array(z.record(z.unknown())).optional().default([]) })
	.passthrough();
