using System.Runtime.InteropServices;

namespace DigitalTwin.BenchHost;

/// <summary>The machine the figures were taken on; printed with them because they mean nothing without it.</summary>
public sealed record MachineDescription(int Cores, string CpuModel, long MemoryKiB, string OperatingSystem, string Runtime)
{
    public static MachineDescription Read() => new(
        Environment.ProcessorCount,
        ReadField("/proc/cpuinfo", "model name", ':') ?? "unknown CPU",
        long.TryParse(ReadField("/proc/meminfo", "MemTotal", ':')?.Replace("kB", "", StringComparison.Ordinal).Trim(), out var kib) ? kib : -1,
        ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    public override string ToString() =>
        $"{Cores} cores ({CpuModel}), {MemoryKiB / 1024.0 / 1024.0:0.0} GiB RAM, {OperatingSystem}, {Runtime}";

    private static string? ReadField(string path, string key, char separator)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(separator);
            if (at > 0 && line[..at].Trim() == key)
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
