using System.Net.Http.Headers;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.DeviceSimulator.Dataset;

/// <summary>
/// The <c>export</c> verb: fetches what the twins observed from the platform's dataset export and joins each row with
/// the simulator's ground truth by device and window start. The platform never holds labels; this join is the only
/// place features and ground truth meet for a live run. Each row keeps the feature schema version the platform
/// exported it with; the platform refuses to mix versions in one file unless asked, and so does this verb.
/// </summary>
internal static class ExportCommand
{
    public const string Usage = """
        Usage: export --platform <url> --from <time> --to <time> --ground-truth <file> --out <file> [options]

        Downloads GET <url>/api/v1/datasets/export?from=..&to=..&format=csv (identity, schema version and feature
        columns) and joins each row with the ground-truth file (from 'generate' or a live run) by (device_id,
        window_start). Rows the ground truth does not cover are kept, labelled 'unknown' with class 'unknown'. Each
        row keeps its feature schema version. A range in which the platform holds no windows writes nothing and exits
        with 1; so does a range of windows of more than one schema version, unless --schema-version or
        --mixed-schema-versions says what to export.

        Options:
          --platform <url>       platform base address, e.g. http://localhost:5000
          --from <time>          ISO 8601 UTC start of the export, e.g. 2026-01-05T00:00:00Z
          --to <time>            ISO 8601 UTC end of the export
          --ground-truth <file>  ground-truth CSV
          --out <file>           joined dataset to write
          --format <f>           csv or parquet (default: from the --out extension, else csv)
          --token <token>        API token, sent as a bearer token; shown in the process list: prefer
                                 --token-file <file> or $DTN_API_TOKEN
          --schema-version <n>   only windows of feature schema version n (the platform reads 1 and 2)
          --mixed-schema-versions  windows of every schema version in one file, each row saying its own
          --help                 this text
        """;

    private static readonly string[] ValueOptions = ["--platform", "--from", "--to", "--ground-truth", "--out", "--format", "--token", "--token-file", "--schema-version"];

    /// <summary>The API token: <c>--token</c>, <c>--token-file</c> or <c>DTN_API_TOKEN</c>.</summary>
    private static readonly SecretOption TokenOption = new("--token", "DTN_API_TOKEN");

    private static readonly Dictionary<string, DatasetFormat> Formats = new()
    {
        ["csv"] = DatasetFormat.Csv,
        ["parquet"] = DatasetFormat.Parquet,
    };

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        HttpMessageHandler? handler = null,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        Uri platform;
        DateTimeOffset from, to;
        string truthPath, outPath;
        DatasetFormat format;
        VerbOptions options;
        string versions;
        string? token;
        try
        {
            options = VerbOptions.Parse(args, ValueOptions, ["--help", "-h", "--mixed-schema-versions"]);
            if (options.Has("--help") || options.Has("-h"))
            {
                output.WriteLine(Usage);
                return 0;
            }

            var platformText = options.RequiredText("--platform");
            if (!Uri.TryCreate(platformText, UriKind.Absolute, out platform!) || platform.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--platform '{platformText}' must be an http or https address");
            }

            from = options.Time("--from") ?? throw new UsageException("--from is required");
            to = options.Time("--to") ?? throw new UsageException("--to is required");
            if (to <= from)
            {
                throw new UsageException("--to must be after --from");
            }

            truthPath = options.RequiredText("--ground-truth");
            outPath = options.RequiredText("--out");
            var byExtension = Path.GetExtension(outPath).Equals(".parquet", StringComparison.OrdinalIgnoreCase) ? DatasetFormat.Parquet : DatasetFormat.Csv;
            format = options.Choice("--format", Formats, byExtension);
            if (!File.Exists(truthPath))
            {
                throw new UsageException($"--ground-truth '{truthPath}' does not exist");
            }

            // The platform checks the version; passing it on as given keeps one rule in one place.
            var schemaVersion = options.Integer("--schema-version", 1, int.MaxValue);
            var mixed = options.Has("--mixed-schema-versions");
            if (schemaVersion is not null && mixed)
            {
                throw new UsageException("--schema-version and --mixed-schema-versions exclude each other");
            }

            versions = schemaVersion is { } only ? $"&schema_version={only}" : mixed ? "&mixed_schema_versions=true" : "";
            token = TokenOption.Read(options.Text("--token"), options.Text("--token-file"), environment ?? Environment.GetEnvironmentVariable);
        }
        catch (UsageException e)
        {
            error.WriteLine($"export: {e.Message}\n\n{Usage}");
            return 2;
        }

        Dictionary<(string, DateTimeOffset), DatasetRow> truths;
        try
        {
            truths = LoadTruths(truthPath, from, to);
        }
        catch (FormatException e)
        {
            error.WriteLine($"export: {truthPath}: {e.Message}");
            return 2;
        }

        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = TimeSpan.FromMinutes(30);
        var query = $"api/v1/datasets/export?from={Uri.EscapeDataString(DatasetText.Of(from))}&to={Uri.EscapeDataString(DatasetText.Of(to))}&format=csv{versions}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(platform, query));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"export: cannot reach {platform}: {e.Message}");
            return 1;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                error.WriteLine($"export: the platform answered {(int)response.StatusCode} {response.ReasonPhrase}: {body[..Math.Min(body.Length, 500)]}");
                return 1;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var text = new StreamReader(stream);
            long matched = 0, unmatched = 0;
            var seen = new HashSet<(string, DateTimeOffset)>();
            try
            {
                var reader = new DatasetCsvReader(text);
                await using var file = new FileStream(outPath, FileMode.Create, FileAccess.Write, FileShare.None);
                await using IDatasetWriter writer = format == DatasetFormat.Csv
                    ? new DatasetCsvWriter(file, DatasetColumnSet.Labelled, leaveOpen: true)
                    : new DatasetParquetWriter(file, DatasetColumnSet.Labelled, leaveOpen: true);
                foreach (var observed in reader.ReadRows())
                {
                    var key = (observed.DeviceId, observed.Window.Start);
                    if (truths.TryGetValue(key, out var truth))
                    {
                        matched++;
                        seen.Add(key);
                        await writer.WriteAsync(observed with { Provenance = truth.Provenance, Split = truth.Split, TimeSplit = truth.TimeSplit, Truth = truth.Truth }, cancellationToken);
                    }
                    else
                    {
                        unmatched++;
                        await writer.WriteAsync(observed with { Provenance = null, Split = null, TimeSplit = null, Truth = GroundTruth.Unknown }, cancellationToken);
                    }
                }

                await writer.CompleteAsync(cancellationToken);
            }
            catch (FormatException e)
            {
                error.WriteLine($"export: the platform's export is not dataset CSV: {e.Message}");
                return 1;
            }

            // An empty range is almost always a wrong range (fixed dates from an old example, a clock in another
            // zone), and an empty file with exit 0 would pass it off as a dataset.
            if (matched + unmatched == 0)
            {
                File.Delete(outPath);
                error.WriteLine(
                    $"export: the platform holds no network windows between {DatasetText.Of(from)} and {DatasetText.Of(to)}; nothing written. " +
                    "Pick a range in which the fleet ran, e.g. --from \"$(date -u -d '-10 min' +%FT%TZ)\" --to \"$(date -u +%FT%TZ)\".");
                return 1;
            }

            output.WriteLine($"exported rows: {matched + unmatched}");
            output.WriteLine($"matched with ground truth: {matched}");
            output.WriteLine($"without ground truth (labelled unknown): {unmatched}");
            output.WriteLine($"ground-truth windows in range the platform did not export: {truths.Count - seen.Count}");
            output.WriteLine($"wrote {outPath}");
            return 0;
        }
    }

    // Only the requested span is kept: a ground-truth file can cover far more than one export.
    private static Dictionary<(string, DateTimeOffset), DatasetRow> LoadTruths(string path, DateTimeOffset from, DateTimeOffset to)
    {
        using var text = new StreamReader(path);
        var reader = new DatasetCsvReader(text);
        if (!reader.HasGroundTruth)
        {
            throw new FormatException("the file has no ground-truth columns (label, class, phase, ...)");
        }

        var truths = new Dictionary<(string, DateTimeOffset), DatasetRow>();
        foreach (var row in reader.ReadRows())
        {
            if (row.Window.Start >= from && row.Window.Start < to)
            {
                truths[(row.DeviceId, row.Window.Start)] = row;
            }
        }

        return truths;
    }
}
