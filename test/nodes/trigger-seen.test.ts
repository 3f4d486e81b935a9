/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import { SeenSet } from '../../nodes/CampaignsRecipientActivityTrigger/seen';
import {
	commitState,
	emailToken,
	newState,
} from '../../nodes/CampaignsRecipientActivityTrigger/state';
import { readStoredState } from '../../nodes/CampaignsRecipientActivityTrigger/stateSchema';

const token = (i: number) => emailToken(`recipient${i}@example.com`);

describe('emitted-recipient sets', () => {
	it('round-trip with their levels', () => {
		const set = SeenSet.empty();
		for (let i = 0; i < 1000; i++) set.raise(token(i), i % 3 === 0 ? 2 : 1);
		set.raise(token(1), 2);
		const decoded = SeenSet.decode(set.encode());
		expect(decoded.size).toBe(1000);
		for (let i = 0; i < 1000; i++)
			expect(decoded.level(token(i))).toBe(i % 3 === 0 || i === 1 ? 2 : 1);
		expect(decoded.level(token(5000))).toBe(0);
		expect(SeenSet.decode(SeenSet.empty().encode()).size).toBe(0);
	});

	it('state for 10,000 recipients stays under 64 KB (6.4 bytes per recipient) with false "seen" below 1e-6', () => {
		const state = newState(Date.now());
		const set = SeenSet.empty();
		for (let i = 0; i < 10_000; i++) set.raise(token(i), i % 3 === 0 ? 2 : 1);
		state.campaigns['3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9'] = {
			name: 'Big campaign',
			type: 'normal',
			sentAt: Date.now(),
			lists: ['L1'],
			counts: { '3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9': [12000, 3400] },
			seen: { Candidates: set.encode(), Contacts: SeenSet.empty().encode() },
		};
		const staticData = {};
		commitState(staticData, state);
		const bytes = JSON.stringify(staticData).length;
		const perRecipient = bytes / 10_000;
		// Measured false "already seen": 200,000 addresses never emitted.
		let falseSeen = 0;
		for (let i = 10_000; i < 210_000; i++) if (set.level(token(i)) > 0) falseSeen++;
		process.stdout.write(
			`trigger state, 10,000 recipients of one campaign: ${bytes} bytes (${perRecipient.toFixed(2)} bytes/recipient); ` +
				`false "seen" bound ${set.falseSeenProbability().toExponential(2)} per recipient, measured ${falseSeen}/200000\n`,
		);
		expect(bytes).toBeLessThan(64_000);
		expect(set.falseSeenProbability()).toBeLessThan(1e-6);
		expect(falseSeen).toBe(0);
		const read = readStoredState(staticData);
		expect(read.kind === 'stored' && read.damage).toEqual([]);
	});

	it('migrates a version 1 state keeping every emitted recipient and level', () => {
		const v1 = Array.from({ length: 500 }, (_, i) => `${token(i)}${i % 2 ? 2 : 1}`)
			.sort()
			.join('');
		const read = readStoredState({
			v: 1,
			activatedAt: 1,
			lastPollAt: 2,
			calls: {},
			campaigns: {
				C: {
					name: 'n',
					type: 'normal',
					sentAt: 1,
					lists: ['L'],
					counts: { C: [1, 1] },
					seen: { Contacts: v1 },
				},
			},
		});
		if (read.kind !== 'stored') throw new Error(read.kind);
		expect(read.migratedFrom).toBe(1);
		expect(read.damage).toEqual([]);
		const seen = read.state.campaigns.C.seen!;
		const contacts = SeenSet.decode(seen.Contacts!);
		for (let i = 0; i < 500; i++) expect(contacts.level(token(i))).toBe(i % 2 ? 2 : 1);
		expect(SeenSet.decode(seen.Candidates!).size).toBe(0);
		process.stdout.write(
			`version 1 set of 500: ${v1.length} chars; version 2: ${seen.Contacts!.length} chars\n`,
		);
	});
});
