/**
 * @module writeChart
 * An SVG bar chart of Kettle's ratios per scenario (against node-llama-cpp in-process and against
 * llama-server), with the 1.0 line marked. Higher is better for every bar: time ratios are inverted.
 */
export type ChartBar = { label: string; values: { name: string; ratio: number | undefined }[] };

const colors = ["#4e79a7", "#f28e2b", "#59a14f"];

export function writeChart(title: string, bars: ChartBar[]): string {
    const names = [...new Set(bars.flatMap((bar) => bar.values.map((value) => value.name)))];
    const max = Math.max(1.2, ...bars.flatMap((bar) => bar.values.map((value) => value.ratio ?? 0)));
    const rowHeight = 16 * names.length + 14;
    const width = 760;
    const left = 190;
    const scale = (width - left - 60) / max;
    const height = 60 + rowHeight * bars.length + 20 * names.length;
    const parts = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
        `<text x="10" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`
    ];
    bars.forEach((bar, row) => {
        const y = 40 + row * rowHeight;
        parts.push(`<text x="10" y="${y + 12}">${escape(bar.label)}</text>`);
        bar.values.forEach((value, i) => {
            if (value.ratio === undefined || !Number.isFinite(value.ratio)) return;
            const color = colors[names.indexOf(value.name) % colors.length];
            parts.push(`<rect x="${left}" y="${y + i * 16}" width="${(value.ratio * scale).toFixed(1)}" height="13" fill="${color}"/>`);
            parts.push(`<text x="${left + value.ratio * scale + 4}" y="${y + i * 16 + 11}">${value.ratio.toFixed(2)}x</text>`);
        });
    });
    const lineX = left + scale;
    parts.push(`<line x1="${lineX}" y1="32" x2="${lineX}" y2="${40 + rowHeight * bars.length}" stroke="#333" stroke-dasharray="4 3"/>`);
    names.forEach((name, i) => {
        const y = 52 + rowHeight * bars.length + i * 18;
        parts.push(`<rect x="10" y="${y - 10}" width="12" height="12" fill="${colors[i % colors.length]}"/>`);
        parts.push(`<text x="28" y="${y}">${escape(name)}</text>`);
    });
    parts.push("</svg>");
    return parts.join("\n") + "\n";
}

function escape(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
