/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// n8n-core's InstanceSettings writes an encryption key into ~/.n8n unless told otherwise.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-zcr-test-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
