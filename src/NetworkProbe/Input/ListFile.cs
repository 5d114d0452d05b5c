using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.NetworkProbe.Input;

/// <summary>
/// The probe's small comma-separated input files, the map and the labels: one entry a line, fields trimmed; blank
/// lines, <c>#</c> comments and a first line that starts with the header's first column are skipped. Every error
/// names the option, the file and the line.
/// </summary>
internal static class ListFile
{
    /// <param name="option">The option that named the file, e.g. <c>--map</c>.</param>
    /// <param name="path">The file.</param>
    /// <param name="columns">The columns, optional ones last in brackets: <c>address,device_id[,device_type]</c>.</param>
    /// <param name="required">How many of them every line has.</param>
    public static IEnumerable<ListFileLine> Read(string option, string path, string columns, int required)
    {
        var total = columns.Split(',').Length;
        var header = columns[..columns.IndexOf(',')];
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot read '{path}': {ex.Message}");
        }

        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (number == 1 && line.StartsWith(header, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var entry = new ListFileLine(option, path, number, line.Split(',', StringSplitOptions.TrimEntries));
            if (entry.Fields.Length < required || entry.Fields.Length > total)
            {
                throw entry.Error($"expected '{columns}'");
            }

            yield return entry;
        }
    }
}
