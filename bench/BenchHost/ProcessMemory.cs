namespace DigitalTwin.BenchHost;

/// <summary>Resident memory of a process as Linux reports it in <c>/proc/{pid}/status</c>.</summary>
/// <param name="PeakResidentKiB"><c>VmHWM</c>: the highest resident set size since the process started.</param>
/// <param name="ResidentKiB"><c>VmRSS</c>: the resident set size now.</param>
public sealed record ProcessMemory(long PeakResidentKiB, long ResidentKiB)
{
    public static ProcessMemory Read(int processId)
    {
        long peak = -1;
        long current = -1;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ReadKiB(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                current = ReadKiB(line);
            }
        }

        return new ProcessMemory(peak, current);
    }

    // Lines look like "VmHWM:\t  412345 kB".
    private static long ReadKiB(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim());
}
