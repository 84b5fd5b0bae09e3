// Root error boundary: a render error would otherwise make Ink print its overview and the process
// exit with status 0 (measured, shared notes reliability §4.6). We report it and let the terminal
// session exit non-zero through its normal cleanup.
import {Text} from 'ink';
import React from 'react';

type ErrorBoundaryProps = {onError(error: Error): void; children: React.ReactNode};
type ErrorBoundaryState = {error: Error | null};

export class RootErrorBoundary extends React.Component<ErrorBoundaryProps, ErrorBoundaryState> {
	override state: ErrorBoundaryState = {error: null};

	static getDerivedStateFromError(error: Error): ErrorBoundaryState {
		return {error};
	}

	override componentDidCatch(error: Error): void {
		this.props.onError(error);
	}

	override render() {
		if (this.state.error) return <Text color="red">pm2-doctor crashed while drawing: {this.state.error.message}</Text>;
		return this.props.children;
	}
}
