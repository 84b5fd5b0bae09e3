// Where alerts go: a webhook (generic JSON, or Slack's / Discord's incoming-webhook shape) and/or a command that
// reads the alert as JSON on stdin. A sink that fails or hangs is reported and skipped; it never stops recording.
import {spawn} from 'node:child_process';
import os from 'node:os';
import type {Alert} from '../model/alert-policy.js';
import {toSafeText} from '../logs/sanitize-line.js';

export type WebhookFormat = 'generic' | 'slack' | 'discord';

/** The generic JSON body, also what `--on-finding` reads on stdin. */
export type AlertPayload = {
	source: 'pm2-doctor';
	/** appeared, escalated, resolved; suppressed for the rate limit's summary; test for --test-alert. */
	event: 'appeared' | 'escalated' | 'resolved' | 'suppressed' | 'test';
	atMs: number;
	host: string;
	pm2Home: string;
	severity: string | null;
	finding: {id: string; process: string | null; title: string; evidence: string[]; flow: string} | null;
	/** One line for people (the chat message). */
	text: string;
};

export type AlertSink = {describe: string; send(payload: AlertPayload): Promise<void>};

const sinkTimeoutMs = 10_000;

export function payloadFor(alert: Alert, context: {home: string}): AlertPayload {
	const base = {source: 'pm2-doctor' as const, host: os.hostname(), pm2Home: context.home};
	if (alert.kind === 'suppressed') {
		const text = `pm2-doctor on ${base.host}: ${alert.count} more alert${alert.count === 1 ? '' : 's'} held back by the rate limit (see pm2-doctor report)`;
		return {...base, event: 'suppressed', atMs: alert.atMs, severity: null, finding: null, text};
	}
	const {change} = alert;
	const finding = change.finding;
	const event = change.kind === 'cleared' ? 'resolved' : change.kind;
	// Titles and evidence carry process names and log lines: what reaches a chat or a terminal is made inert.
	const safe = {
		id: finding.id,
		process: finding.process === null ? null : toSafeText(finding.process),
		title: toSafeText(finding.title),
		evidence: finding.evidence.slice(0, 8).map(line => toSafeText(line, {maxBytes: 512})),
		flow: finding.flow,
	};
	const mark = {
		appeared: '[' + finding.severity.toUpperCase() + ']',
		escalated: '[ESCALATED to ' + finding.severity.toUpperCase() + ']',
		resolved: '[RESOLVED]',
	}[event];
	return {...base, event, atMs: change.atMs, severity: finding.severity, finding: safe, text: `${mark} ${safe.title} (${base.host}, ${context.home})`};
}

export function testPayload(context: {home: string}, nowMs = Date.now()): AlertPayload {
	const host = os.hostname();
	return {
		source: 'pm2-doctor',
		event: 'test',
		atMs: nowMs,
		host,
		pm2Home: context.home,
		severity: null,
		finding: null,
		text: `pm2-doctor test alert from ${host} (${context.home}): alerts reach this receiver`,
	};
}

export function webhookBody(payload: AlertPayload, format: WebhookFormat): unknown {
	if (format === 'slack') return {text: payload.text};
	if (format === 'discord') return {content: payload.text.slice(0, 2000)};
	return payload;
}

export function createWebhookSink(url: string, format: WebhookFormat): AlertSink {
	return {
		describe: `webhook ${new URL(url).origin} (${format})`,
		async send(payload) {
			const response = await fetch(url, {
				method: 'POST',
				headers: {'content-type': 'application/json'},
				body: JSON.stringify(webhookBody(payload, format)),
				signal: AbortSignal.timeout(sinkTimeoutMs),
			});
			// Drain the body so the connection is released.
			await response.arrayBuffer().catch(() => {});
			if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
		},
	};
}

/** Runs `command` with the shell, the payload as JSON on stdin; a non-zero exit or a hang past 10 s is an error. */
export function createCommandSink(command: string): AlertSink {
	return {
		describe: 'command',
		send: payload =>
			new Promise((resolve, reject) => {
				const child = spawn('/bin/sh', ['-c', command], {stdio: ['pipe', 'ignore', 'pipe'], env: {...process.env, PM2_DOCTOR_ALERT_EVENT: payload.event}});
				let stderr = '';
				child.stderr.setEncoding('utf8');
				child.stderr.on('data', (chunk: string) => {
					if (stderr.length < 2000) stderr += chunk;
				});
				const timer = setTimeout(() => child.kill('SIGKILL'), sinkTimeoutMs);
				child.on('error', error => {
					clearTimeout(timer);
					reject(error);
				});
				child.on('close', (code, signal) => {
					clearTimeout(timer);
					if (code === 0) resolve();
					else
						reject(new Error(`the command exited with ${signal ?? `code ${code}`}${stderr ? `: ${toSafeText(stderr.trim().split('\n').at(-1) ?? '')}` : ''}`));
				});
				child.stdin.on('error', () => {});
				child.stdin.end(JSON.stringify(payload) + '\n');
			}),
	};
}

/** Sends to every sink; returns one message per failure (the recorder logs them and goes on). */
export async function sendToAll(sinks: readonly AlertSink[], payload: AlertPayload): Promise<string[]> {
	const outcomes = await Promise.allSettled(sinks.map(sink => sink.send(payload)));
	return outcomes.flatMap((outcome, index) =>
		outcome.status === 'rejected' ? [`alert to ${sinks[index]!.describe} failed: ${(outcome.reason as Error)?.message ?? String(outcome.reason)}`] : [],
	);
}
