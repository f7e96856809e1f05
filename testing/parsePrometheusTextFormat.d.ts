/** Types for `parse-prometheus-text-format` (the package ships none): the exposition as metric families. */
declare module "parse-prometheus-text-format" {
    type Sample = { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string };
    export default function parsePrometheusTextFormat(text: string): { name: string; help: string; type: string; metrics: Sample[] }[];
}
