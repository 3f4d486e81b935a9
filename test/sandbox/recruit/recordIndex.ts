// Lookups by id and by field value for one module's records, kept in step with the records so
// that an upsert or duplicate check on a store of 100,000 records does not scan them all (the
// scale bench and the queue-mode suite push that many). Same answers as scanning
// `module.records` in order: the earliest record (by serial) whose value matches, compared
// case-insensitively as text, empty values never matching.
import type { StoredRecord } from './store';

function isEmpty(value: unknown): boolean {
	return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const keyOf = (value: unknown): string => String(value).toLowerCase();

export class RecordIndex {
	private readonly byId = new Map<string, StoredRecord>();
	/** field → lower-cased value → records holding it, by serial. Built per field on first use. */
	private readonly byField = new Map<string, Map<string, StoredRecord[]>>();

	constructor(private readonly records: StoredRecord[]) {
		for (const record of records) this.byId.set(record.id, record);
	}

	/** After a record was appended to the module's records. */
	added(record: StoredRecord): void {
		this.byId.set(record.id, record);
		for (const [field, index] of this.byField) this.insert(index, record.values[field], record);
	}

	/** After `record.values` was replaced (an update): moves it between value buckets. */
	updated(record: StoredRecord, previous: Record<string, unknown>): void {
		for (const [field, index] of this.byField) {
			if (!isEmpty(previous[field])) {
				const bucket = index.get(keyOf(previous[field]));
				const at = bucket?.indexOf(record) ?? -1;
				if (bucket && at >= 0) bucket.splice(at, 1);
			}
			this.insert(index, record.values[field], record);
		}
	}

	findById(id: string): StoredRecord | undefined {
		return this.byId.get(id);
	}

	/** Records whose `field` equals `value` (case-insensitive text), earliest first. */
	withValue(field: string, value: unknown): readonly StoredRecord[] {
		if (isEmpty(value)) return [];
		return this.fieldIndex(field).get(keyOf(value)) ?? [];
	}

	private fieldIndex(field: string): Map<string, StoredRecord[]> {
		let index = this.byField.get(field);
		if (!index) {
			index = new Map();
			for (const record of this.records) this.insert(index, record.values[field], record);
			this.byField.set(field, index);
		}
		return index;
	}

	private insert(index: Map<string, StoredRecord[]>, value: unknown, record: StoredRecord): void {
		if (isEmpty(value)) return;
		const key = keyOf(value);
		const bucket = index.get(key);
		if (!bucket) {
			index.set(key, [record]);
			return;
		}
		if (bucket.includes(record)) return;
		let at = bucket.length;
		while (at > 0 && bucket[at - 1].serial > record.serial) at--;
		bucket.splice(at, 0, record);
	}
}
