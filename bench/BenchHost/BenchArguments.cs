using System.Globalization;
using Npgsql;

namespace DigitalTwin.BenchHost;

/// <summary>The command-line conventions every benchmark shares: <c>--name value</c> pairs and the silo to start.</summary>
public static class BenchArguments
{
    public const string SiloAssemblyName = "DigitalTwin.Silo.dll";

    /// <summary>
    /// Hands each <c>--name value</c> or <c>--name=value</c> pair to <paramref name="set"/>, which answers a
    /// problem or null. Returns false with a null <paramref name="problem"/> when help was asked for, with a
    /// message when the arguments are wrong.
    /// </summary>
    public static bool TryRead(string[] args, Func<string, string, string?> set, out string? problem)
    {
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                return false;
            }

            string? value;
            var equals = name.IndexOf('=');
            if (equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else
            {
                value = i + 1 < args.Length ? args[++i] : null;
            }

            if (value is null)
            {
                problem = $"{name} needs a value.";
                return false;
            }

            problem = set(name, value);
            if (problem is not null)
            {
                return false;
            }
        }

        return true;
    }

    public static string? ReadInt(string name, string value, int min, int max, Action<int> assign)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return $"{name} must be a whole number from {min} to {max}, got '{value}'.";
        }

        assign(number);
        return null;
    }

    /// <summary>Reads one storage mode's name: <c>memory</c> or <c>postgres</c>.</summary>
    public static string? ReadStorageMode(string name, string value, Action<StorageMode> assign)
    {
        StorageMode? mode = value.Trim().ToLowerInvariant() switch
        {
            "memory" => StorageMode.Memory,
            "postgres" => StorageMode.Postgres,
            _ => null,
        };
        if (mode is null)
        {
            return $"{name} takes memory or postgres, got '{value}'.";
        }

        assign(mode.Value);
        return null;
    }

    /// <summary>Reads the devices' transport to the silo's broker (<see cref="SiloTransport.Parse"/>).</summary>
    public static string? ReadTransport(string name, string value, Action<SiloTransport> assign)
    {
        if (SiloTransport.Parse(name, value, out var error) is { } transport)
        {
            assign(transport);
        }

        return error;
    }

    /// <summary>Reads the Npgsql connection string of a server of the user's own (<c>--postgres</c>); it must name a host.</summary>
    public static string? ReadConnectionString(string name, string value, Action<string> assign)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                return $"{name} must name a host (Host=...), e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=dtn.";
            }
        }
        catch (ArgumentException ex)
        {
            // The message names the bad keyword; the value itself may hold a password, so it is not repeated.
            return $"{name} is not a valid Npgsql connection string: {ex.Message}";
        }

        assign(value);
        return null;
    }

    /// <summary>Null when the silo assembly exists, else how to get one.</summary>
    public static string? CheckSilo(string? siloPath)
    {
        if (siloPath is not null && File.Exists(siloPath))
        {
            return null;
        }

        var where = siloPath ?? $"src/Silo/bin/Release/net10.0/{SiloAssemblyName}";
        return $"Silo not found at {where}. Build it first: dotnet build -c Release src/Silo (from the repository root), or pass --silo <path to {SiloAssemblyName}>.";
    }

    /// <summary>
    /// The default silo is the Release build of this repository; look for the solution file upwards from both
    /// the bench's own folder and the working directory, so a bench runs from anywhere inside the repository.
    /// </summary>
    public static string? FindSiloInRepository()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DigitalTwin.sln")))
                {
                    return Path.Combine(dir.FullName, "src", "Silo", "bin", "Release", "net10.0", SiloAssemblyName);
                }
            }
        }

        return null;
    }
}
