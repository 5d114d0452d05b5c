using System.Net;
using System.Text;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.DeviceSimulator.Dataset;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Dataset;

public sealed class ExportCommandTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task JoinsTheExportWithTheGroundTruthAndLabelsTheRestUnknown()
    {
        using var folder = new TempFolder();
        var truth = new GroundTruth(GroundTruthLabel.Anomalous, "port_scan", GroundTruthPhase.Steady, "{}", Start, Start.AddMinutes(5), TrafficPresent: false);
        await WriteAsync(folder.File("truth.csv"), DatasetColumnSet.GroundTruth,
        [
            Row("camera-0001", 0, truth),
            Row("camera-0001", 1, GroundTruth.Normal),
            Row("camera-0002", 0, GroundTruth.Normal),
        ]);
        var observed = await RenderAsync(DatasetColumnSet.Observed, [Row("camera-0001", 0, null), Row("camera-0001", 1, null), Row("camera-0003", 0, null)]);
        var handler = new ExportAnswer(HttpStatusCode.OK, observed);
        var output = new StringWriter();

        var code = await ExportCommand.RunAsync(
            ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
             "--ground-truth", folder.File("truth.csv"), "--out", folder.File("joined.csv"), "--token", "secret"],
            output, new StringWriter(), handler);

        Assert.Equal(0, code);
        Assert.Equal("/api/v1/datasets/export?from=2026-01-05T00%3A00%3A00Z&to=2026-01-05T01%3A00%3A00Z&format=csv", handler.Request!.RequestUri!.PathAndQuery);
        Assert.Equal("Bearer secret", handler.Request.Headers.Authorization!.ToString());
        Assert.Contains("matched with ground truth: 2", output.ToString());
        Assert.Contains("without ground truth (labelled unknown): 1", output.ToString());
        Assert.Contains("did not export: 1", output.ToString());
        using var text = File.OpenText(folder.File("joined.csv"));
        var rows = new DatasetCsvReader(text).ReadRows().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(truth, rows[0].Truth);
        Assert.Equal(7, rows[0].Window[NetworkFeature.PacketsIn]);
        Assert.Equal(GroundTruth.Normal, rows[1].Truth);
        Assert.Equal(GroundTruthLabel.Unknown, rows[2].Truth!.Label);
        Assert.Equal("unknown", rows[2].Truth!.Class);
    }

    [Theory]
    [InlineData("--schema-version", "1", "&schema_version=1")]
    [InlineData("--mixed-schema-versions", null, "&mixed_schema_versions=true")]
    public async Task PassesTheSchemaVersionChoiceOnAndKeepsEachRowsVersion(string option, string? value, string parameter)
    {
        using var folder = new TempFolder();
        await WriteAsync(folder.File("truth.csv"), DatasetColumnSet.GroundTruth, [Row("camera-0001", 0, GroundTruth.Normal)]);
        var observed = await RenderAsync(DatasetColumnSet.Observed, [Row("camera-0001", 0, null, schemaVersion: 1), Row("camera-0001", 1, null, schemaVersion: 2)]);
        var handler = new ExportAnswer(HttpStatusCode.OK, observed);
        string[] args = ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
            "--ground-truth", folder.File("truth.csv"), "--out", folder.File("joined.csv"), option];

        var code = await ExportCommand.RunAsync(value is null ? args : [.. args, value], new StringWriter(), new StringWriter(), handler);

        Assert.Equal(0, code);
        Assert.EndsWith("&format=csv" + parameter, handler.Request!.RequestUri!.PathAndQuery);
        using var text = File.OpenText(folder.File("joined.csv"));
        Assert.Equal([1, 2], new DatasetCsvReader(text).ReadRows().Select(r => r.Window.SchemaVersion));
    }

    [Fact]
    public async Task ARefusalToMixSchemaVersionsIsReported()
    {
        using var folder = new TempFolder();
        await WriteAsync(folder.File("truth.csv"), DatasetColumnSet.GroundTruth, [Row("camera-0001", 0, GroundTruth.Normal)]);
        var error = new StringWriter();
        var refusal = """{"status":"error","error":{"code":"MIXED_SCHEMA_VERSIONS","message":"versions 1, 2"}}""";

        var code = await ExportCommand.RunAsync(
            ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
             "--ground-truth", folder.File("truth.csv"), "--out", folder.File("joined.csv")],
            new StringWriter(), error, new ExportAnswer(HttpStatusCode.Conflict, refusal));

        Assert.Equal(1, code);
        Assert.Contains("409", error.ToString());
        Assert.Contains("MIXED_SCHEMA_VERSIONS", error.ToString());
    }

    [Fact]
    public async Task APlatformErrorIsReportedWithItsStatus()
    {
        using var folder = new TempFolder();
        await WriteAsync(folder.File("truth.csv"), DatasetColumnSet.GroundTruth, [Row("camera-0001", 0, GroundTruth.Normal)]);
        var error = new StringWriter();

        var code = await ExportCommand.RunAsync(
            ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
             "--ground-truth", folder.File("truth.csv"), "--out", folder.File("joined.csv")],
            new StringWriter(), error, new ExportAnswer(HttpStatusCode.Unauthorized, "{\"status\":\"error\"}"));

        Assert.Equal(1, code);
        Assert.Contains("401", error.ToString());
    }

    [Theory]
    [InlineData("--platform", "ftp://x")]
    [InlineData("--from", "yesterday")]
    [InlineData("--colour", "red")]
    [InlineData("--format", "xlsx")]
    [InlineData("--schema-version", "0")]
    [InlineData("--token-file", "/nonexistent/dtn-token")]
    public async Task BadOptionsExitWithCodeTwo(string option, string value)
    {
        string[] args = ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
            "--ground-truth", "/dev/null", "--out", "x.csv"];
        var replaced = args.Contains(option)
            ? args.Select((a, i) => i > 0 && args[i - 1] == option ? value : a).ToArray()
            : [.. args, option, value];
        var error = new StringWriter();

        var code = await ExportCommand.RunAsync(replaced, new StringWriter(), error, new ExportAnswer(HttpStatusCode.OK, ""));

        Assert.Equal(2, code);
        Assert.Contains(option, error.ToString());
    }

    [Theory]
    [InlineData("--token-file", null)]
    [InlineData(null, "DTN_API_TOKEN")]
    public async Task TheTokenComesFromAFileOrTheEnvironmentOutOfTheProcessList(string? fileOption, string? variable)
    {
        using var folder = new TempFolder();
        await WriteAsync(folder.File("truth.csv"), DatasetColumnSet.GroundTruth, [Row("camera-0001", 0, GroundTruth.Normal)]);
        await File.WriteAllTextAsync(folder.File("token"), "file-token\n");
        var handler = new ExportAnswer(HttpStatusCode.OK, await RenderAsync(DatasetColumnSet.Observed, [Row("camera-0001", 0, null)]));
        string[] args = ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
            "--ground-truth", folder.File("truth.csv"), "--out", folder.File("joined.csv")];

        var code = await ExportCommand.RunAsync(
            fileOption is null ? args : [.. args, fileOption, folder.File("token")], new StringWriter(), new StringWriter(), handler,
            name => name == variable ? "environment-token" : null);

        Assert.Equal(0, code);
        Assert.Equal(fileOption is null ? "Bearer environment-token" : "Bearer file-token", handler.Request!.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task ATokenAndATokenFileTogetherExitWithCodeTwo()
    {
        var error = new StringWriter();
        var handler = new ExportAnswer(HttpStatusCode.OK, "");

        var code = await ExportCommand.RunAsync(
            ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
             "--ground-truth", "/dev/null", "--out", "x.csv", "--token", "secret", "--token-file", "/dev/null"],
            new StringWriter(), error, handler, _ => null);

        Assert.Equal(2, code);
        Assert.Contains("give --token or --token-file, not both", error.ToString());
        Assert.Null(handler.Request);
    }

    [Fact]
    public async Task OneSchemaVersionAndMixedVersionsExcludeEachOther()
    {
        var error = new StringWriter();

        var code = await ExportCommand.RunAsync(
            ["--platform", "http://localhost:5000", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z",
             "--ground-truth", "/dev/null", "--out", "x.csv", "--schema-version", "2", "--mixed-schema-versions"],
            new StringWriter(), error, new ExportAnswer(HttpStatusCode.OK, ""));

        Assert.Equal(2, code);
        Assert.Contains("exclude each other", error.ToString());
    }

    [Fact]
    public async Task MissingRequiredOptionsExitWithCodeTwo()
    {
        var error = new StringWriter();

        var code = await ExportCommand.RunAsync(["--platform", "http://localhost:5000"], new StringWriter(), error);

        Assert.Equal(2, code);
        Assert.Contains("--from is required", error.ToString());
    }

    private static DatasetRow Row(string device, int window, GroundTruth? truth, int schemaVersion = FeatureCatalog.SchemaVersion)
    {
        var values = new double[FeatureCatalog.Count];
        values[(int)NetworkFeature.PacketsIn] = 7;
        return new DatasetRow(device, "camera", new NetworkWindow(Start.AddSeconds(10 * window), 10, values, schemaVersion),
            truth is null ? null : new DatasetProvenance("default", 1, DeviceBehaviour.GeneratorVersion), truth is null ? null : "train", truth);
    }

    private static async Task<string> RenderAsync(DatasetColumnSet columns, IEnumerable<DatasetRow> rows)
    {
        using var stream = new MemoryStream();
        await using (var writer = new DatasetCsvWriter(stream, columns, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                await writer.WriteAsync(row);
            }

            await writer.CompleteAsync();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task WriteAsync(string path, DatasetColumnSet columns, IEnumerable<DatasetRow> rows) =>
        await File.WriteAllTextAsync(path, await RenderAsync(columns, rows));

    private sealed class ExportAnswer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/csv") });
        }
    }
}
