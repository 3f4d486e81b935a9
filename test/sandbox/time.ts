// Date formats of the two APIs.
import { DateTime } from 'luxon';

/** ref §3.3: Campaigns' formatted strings are "dd MMM yyyy, hh:mm a" in the account time zone,
 *  with no zone designator (epoch fields stay UTC). */
export function campaignsDate(ms: number, timeZone: string): string {
	return DateTime.fromMillis(ms, { zone: timeZone })
		.setLocale('en-US')
		.toFormat('dd MMM yyyy, hh:mm a');
}

/** ref §5.2: Recruit timestamps are ISO-8601 with offset, e.g. 2024-05-02T11:17:33+05:30. */
export function recruitTime(ms: number, timeZone: string): string {
	return (
		DateTime.fromMillis(ms, { zone: timeZone })
			.set({ millisecond: 0 })
			.toISO({ suppressMilliseconds: true }) ?? ''
	);
}

/** Throws on an unknown IANA zone so a scenario typo fails loudly. */
export function assertTimeZone(timeZone: string): void {
	if (!DateTime.now().setZone(timeZone).isValid) throw new Error(`Unknown time zone "${timeZone}"`);
}
