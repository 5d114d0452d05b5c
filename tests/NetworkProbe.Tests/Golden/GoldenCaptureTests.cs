using System.Globalization;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests.Golden;

/// <summary>
/// The probe's windows of the committed golden capture equal the reviewed expected windows (Golden/README.md derives
/// every number from the packets), to six decimals.
/// </summary>
public sealed class GoldenCaptureTests : IDisposable
{
    private const double SixDecimals = 1e-6;

    /// <summary>Columns the probe may write that the expected file does not fix.</summary>
    private static readonly string[] OptionalColumns = ["schema_version"];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-probe-golden-");

    [Fact]
    public async Task TheGoldenCaptureGivesTheReviewedWindows()
    {
        var golden = Path.Combine(AppContext.BaseDirectory, "Golden");
        var output = Path.Combine(_directory.FullName, "windows.csv");

        var result = await ProbeProgram.ReadAsync(Path.Combine(golden, "golden.pcap"), NetworkLab.Devices, output);

        Assert.True(result.Succeeded, $"exit {result.ExitCode}: {result.Error}");
        var expected = ObservedWindows.Read(Path.Combine(golden, "golden-windows.csv"));
        var actual = ObservedWindows.Read(output);
        Assert.Empty(actual.Header.Except(expected.Header).Except(OptionalColumns));
        Assert.Empty(expected.Header.Except(actual.Header));

        var problems = new List<string>();
        var expectedKeys = expected.Rows.Select(Key).ToList();
        var actualKeys = actual.Rows.Select(Key).ToList();
        problems.AddRange(expectedKeys.Except(actualKeys).Select(k => $"missing window {k}"));
        problems.AddRange(actualKeys.Except(expectedKeys).Select(k => $"unexpected window {k}"));
        foreach (var want in expected.Rows)
        {
            var got = actual.Rows.FirstOrDefault(r => Key(r) == Key(want));
            if (got is null)
            {
                continue;
            }

            foreach (var column in expected.Header)
            {
                if (!Same(want.Fields[column], got.Fields[column]))
                {
                    problems.Add($"{Key(want)} {column}: expected {want.Fields[column]}, the probe wrote {got.Fields[column]}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static string Key(ObservedWindow window) => $"{window.DeviceId}@{window.Start:O}";

    private static bool Same(string expected, string actual)
    {
        const NumberStyles number = NumberStyles.Float;
        if (double.TryParse(expected, number, CultureInfo.InvariantCulture, out var e) && double.TryParse(actual, number, CultureInfo.InvariantCulture, out var a))
        {
            return Math.Abs(e - a) <= SixDecimals;
        }

        // Texts and times: the same instant written in any ISO 8601 form, otherwise the same text.
        return DateTimeOffset.TryParse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var et)
            && DateTimeOffset.TryParse(actual, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? et == at
                : expected == actual;
    }
}
