// asciichart 1.5.25 ships no types; only what pm2-doctor uses.
declare module 'asciichart' {
	type PlotConfig = {
		min?: number;
		max?: number;
		offset?: number;
		padding?: string;
		height?: number;
		colors?: Array<string | undefined>;
		symbols?: string[];
		format?: (value: number, index: number) => string;
	};
	const asciichart: {
		plot(series: number[] | number[][], config?: PlotConfig): string;
		green: string;
		blue: string;
		yellow: string;
		red: string;
		cyan: string;
		magenta: string;
		lightgray: string;
		default: string;
		reset: string;
	};
	export default asciichart;
}
