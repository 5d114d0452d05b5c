using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DigitalTwin.Fleet;

/// <summary>
/// A gcdump of the silo (<c>dotnet-gcdump collect</c>) and its largest types. <c>dotnet-gcdump report</c> lists each
/// type once per size class with the average size of its objects and their count; this adds the classes up per type
/// and ranks the types by the bytes of their objects themselves (not what they retain).
/// </summary>
public sealed partial record GcDumpReport(string Path, long HeapBytes, IReadOnlyList<GcDumpType> Types)
{
    private const int ShownTypes = 40;
    private static readonly TimeSpan CollectTimeout = TimeSpan.FromMinutes(10);

    public static async Task<GcDumpReport?> CollectAsync(int processId, string path, TextWriter log, CancellationToken cancellationToken)
    {
        await log.WriteLineAsync($"Writing a gcdump of the silo to {path}.");
        var (collected, _) = await RunAsync(["collect", "-p", Invariant(processId), "-o", path, "-t", Invariant((int)CollectTimeout.TotalSeconds)], cancellationToken);
        if (!collected || !File.Exists(path))
        {
            await log.WriteLineAsync("dotnet-gcdump collect failed; no gcdump in the report.");
            return null;
        }

        var (reported, lines) = await RunAsync(["report", path], cancellationToken);
        return reported ? Parse(path, lines) : null;
    }

    /// <summary>Adds up a heapstat report's lines (<c>  average bytes  count  type [(Bytes &gt; size class)]  [assembly]</c>) per type.</summary>
    public static GcDumpReport Parse(string path, IEnumerable<string> lines)
    {
        var byType = new Dictionary<string, (long Bytes, long Count)>(StringComparer.Ordinal);
        long heapBytes = 0;
        foreach (var line in lines)
        {
            if (TotalLine().Match(line) is { Success: true } total)
            {
                heapBytes = ReadNumber(total.Groups["bytes"].Value);
                continue;
            }

            if (TypeLine().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var type = match.Groups["type"].Value.Trim();
            var count = ReadNumber(match.Groups["count"].Value);
            var bytes = ReadNumber(match.Groups["bytes"].Value) * count;
            var (sumBytes, sumCount) = byType.GetValueOrDefault(type);
            byType[type] = (sumBytes + bytes, sumCount + count);
        }

        var top = byType.OrderByDescending(t => t.Value.Bytes).Take(ShownTypes).Select(t => new GcDumpType(t.Key, t.Value.Bytes, t.Value.Count));
        return new GcDumpReport(path, heapBytes, [.. top]);
    }

    private static long ReadNumber(string text) => long.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+GC Heap bytes\s*$")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+(?<count>[\d,]+)\s+(?<type>.+?)\s*(\(Bytes > [^)]*\))?\s*\[[^\]]*\]\s*$")]
    private static partial Regex TypeLine();

    private static async Task<(bool Succeeded, List<string> Lines)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // Installed with `dotnet tool install -g`, the tool lives in ~/.dotnet/tools, which a shell may not have on PATH.
        var installed = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        var start = new ProcessStartInfo(File.Exists(installed) ? installed : "dotnet-gcdump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start");
            var lines = new List<string>();
            var reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
                {
                    lines.Add(line);
                }
            }, cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await reading;
            await errors;
            return (process.ExitCode == 0, lines);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, []);
        }
    }
}
