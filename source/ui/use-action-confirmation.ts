// Process actions as the user sees them: the actions service's plan becomes a y/n question (two for SIGKILL),
// and the answer runs it, once, with its progress and result in the status line.
import {useRef} from 'react';
import type {ActionTarget, ActionsService, ProcessActionSpec} from '../services/actions.js';
import {useCommand} from './input-router.js';
import type {ConfirmRequest, FlashKind} from './view-props.js';

type Options = {
	actions: ActionsService;
	confirmRequest: ConfirmRequest | null;
	setConfirmRequest(request: ConfirmRequest | null): void;
	flash(message: string, kind?: FlashKind): void;
};

/** Handles the confirm dialog's keys; returns the function that asks for an action. */
export function useActionConfirmation({
	actions,
	confirmRequest,
	setConfirmRequest,
	flash,
}: Options): (action: ProcessActionSpec, target: ActionTarget | null) => void {
	const requestAction = (action: ProcessActionSpec, target: ActionTarget | null) => {
		const plan = actions.plan(action, target);
		if (plan.kind === 'refused') return flash(plan.message, 'error');
		const run = async () => {
			flash(plan.progressMessage);
			const result = await plan.run();
			flash(result.message, result.ok ? 'info' : 'error');
		};
		const second = plan.secondMessage;
		setConfirmRequest({
			title: plan.title,
			message: plan.message,
			// SIGKILL: a second question before it is sent.
			onConfirm: second ? () => setConfirmRequest({title: plan.title, message: second, onConfirm: run}) : run,
		});
	};

	// A ref, cleared at once, so a second "y" typed before the re-render cannot run the action twice.
	const confirmRef = useRef(confirmRequest);
	confirmRef.current = confirmRequest;
	useCommand('confirm', command => {
		const request = confirmRef.current;
		confirmRef.current = null;
		setConfirmRequest(null);
		if (!request) return;
		if (command === 'confirm.yes') {
			Promise.resolve()
				.then(() => request.onConfirm())
				.catch((error: unknown) => flash(`${request.title} failed: ${error instanceof Error ? error.message : String(error)}`, 'error'));
		} else {
			request.onCancel?.();
			flash(`${request.title} cancelled.`);
		}
	});

	return requestAction;
}
