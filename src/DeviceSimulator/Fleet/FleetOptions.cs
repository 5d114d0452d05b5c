using System.Globalization;
using System.Text.RegularExpressions;
using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>The options of the <c>run</c> verb. <see cref="Parse(IReadOnlyList{string}, Func{string, string?})"/> refuses anything it does not understand, naming the option.</summary>
public sealed partial class FleetOptions
{
    public const string Usage = """
        Runs a fleet of simulated devices, each with its own MQTT connection, until Ctrl+C or --duration.

        Usage: dotnet run --project src/DeviceSimulator -- run [options]

        Options:
          --broker HOST          MQTT broker host (localhost)
          --port N               MQTT broker port (1883)
          --username NAME        MQTT user name for every device (none)
          --password TEXT        MQTT password (none); shown in the process list: prefer
                                 --password-file FILE or $DTN_MQTT_PASSWORD (read with --username)
          --credentials FILE     each device authenticates as itself: username = its id, password = its
                                 secret from FILE, one "device-id secret" a line (# comments)
          --provision-credentials
                                 each device authenticates as itself with a secret issued now through
                                 the API (POST /api/v1/twins/{id}/credentials); needs --api
          --api URL              the silo's HTTP address for --provision-credentials, e.g. http://localhost:5000
          --api-key KEY          admin API key for --provision-credentials (none: an open API); shown in
                                 the process list: prefer --api-key-file FILE or $DTN_API_KEY
          --tls                  connect over TLS, trusting the machine's CA store (off)
          --ca-file FILE         connect over TLS, trusting only the CAs of this PEM bundle
          --cert FILE --key FILE client certificate and key every device presents (mutual TLS)
          --cert-dir DIR         per-device client certificates: DIR/{device id}.pem and .key
          --tls-server-name NAME name the broker's certificate must carry (default: --broker)
          --devices N            number of devices (10; with --scenario: the scenario's count)
          --types MIX            device types and weights: temperature_sensor:3,smart_light:1
                                 (every type equally; with --scenario: the scenario's mix)
          --scenario FILE        scenario file: fleet mix, seed, window length, anomaly schedule
          --interval SPEC        telemetry interval in seconds for every type (5) or per type
                                 (camera=5,gateway=60); default: each type's own
          --window SECONDS       network window length (10; with --scenario: the scenario's)
          --duration SECONDS     stop after this long (0 = until Ctrl+C) (0)
          --id-prefix PREFIX     prefix of the device ids: {prefix}{type}-0001 (none)
          --connect-rate N       new connections per second while ramping up and reconnecting (100)
          --ground-truth PATH    CSV file of each network window's ground truth (ground-truth.csv)
          --seed N               fleet seed: same seed, same devices and readings (1; with --scenario: its seed)
          --fault-rate P         probability per reading that a sensor fault starts (0.002)
          --failure-rate P       share of valid commands that fail (0.02)
          --session-expiry S     seconds the broker keeps a device's session (and its commands) after a
                                 connection is lost (300)
          --help                 this text
        """;

    /// <summary>The shared MQTT password: <c>--password</c>, <c>--password-file</c> or <c>DTN_MQTT_PASSWORD</c>.</summary>
    private static readonly SecretOption PasswordOption = new("--password", "DTN_MQTT_PASSWORD");

    /// <summary>The admin API key of <c>--provision-credentials</c>: <c>--api-key</c>, <c>--api-key-file</c> or <c>DTN_API_KEY</c>.</summary>
    private static readonly SecretOption ApiKeyOption = new("--api-key", "DTN_API_KEY");

    public string Broker { get; private set; } = "localhost";

    public int Port { get; private set; } = 1883;

    public string? Username { get; private set; }

    public string? Password { get; private set; }

    /// <summary>The file of each device's own secret (<see cref="DeviceSecretsFile"/>); null when not given.</summary>
    public string? CredentialsFile { get; private set; }

    /// <summary>Issue each device a secret through <see cref="Api"/> before connecting.</summary>
    public bool ProvisionCredentials { get; private set; }

    public Uri? Api { get; private set; }

    public string? ApiKey { get; private set; }

    public bool Tls { get; private set; }

    public string? CaFile { get; private set; }

    public string? CertificateFile { get; private set; }

    public string? KeyFile { get; private set; }

    public string? CertificateDirectory { get; private set; }

    public string? TlsServerName { get; private set; }

    /// <summary>Null when not given: the scenario's count, or 10.</summary>
    public int? Devices { get; private set; }

    /// <summary>Null when not given: the scenario's mix, or every type equally.</summary>
    public FleetMix? Types { get; private set; }

    public string? Scenario { get; private set; }

    public IntervalOverrides Intervals { get; private set; } = IntervalOverrides.None;

    /// <summary>Null when not given: the scenario's window, or 10 s.</summary>
    public double? WindowSeconds { get; private set; }

    /// <summary>Zero: run until interrupted.</summary>
    public TimeSpan Duration { get; private set; }

    public string IdPrefix { get; private set; } = "";

    public double ConnectRate { get; private set; } = 100;

    public string GroundTruth { get; private set; } = "ground-truth.csv";

    /// <summary>Null when not given: the scenario's seed, or 1.</summary>
    public ulong? Seed { get; private set; }

    public double FaultRate { get; private set; } = 0.002;

    public double FailureRate { get; private set; } = 0.02;

    public TimeSpan SessionExpiry { get; private set; } = TimeSpan.FromSeconds(300);

    public bool Help { get; private set; }

    /// <summary>Reads the arguments after the verb, and secrets from the process's environment where they are not given.</summary>
    public static FleetOptions Parse(IReadOnlyList<string> args) => Parse(args, Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads the arguments after the verb, and secrets from <paramref name="environment"/> where they are not given; throws
    /// <see cref="FormatException"/> naming the option at fault.
    /// </summary>
    public static FleetOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new FleetOptions();
        string? password = null, passwordFile = null, apiKey = null, apiKeyFile = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                options.Help = true;
                continue;
            }

            if (name == "--tls")
            {
                options.Tls = true;
                continue;
            }

            if (name == "--provision-credentials")
            {
                options.ProvisionCredentials = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new FormatException(name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value" : $"unexpected argument '{name}'");
            }

            var value = args[++i];
            switch (name)
            {
                case "--broker":
                    options.Broker = value.Length > 0 ? value : throw new FormatException("--broker needs a host name");
                    break;
                case "--port":
                    options.Port = Integer(name, value, 1, 65535);
                    break;
                case "--username":
                    options.Username = value;
                    break;
                case "--password":
                    password = Once(name, password, value);
                    break;
                case "--password-file":
                    passwordFile = Once(name, passwordFile, value);
                    break;
                case DeviceSecretsFile.Option:
                    options.CredentialsFile = value.Length > 0 ? value : throw new FormatException($"{DeviceSecretsFile.Option} needs a path");
                    break;
                case "--api":
                    options.Api = Uri.TryCreate(value, UriKind.Absolute, out var api) && api.Scheme is "http" or "https"
                        ? api
                        : throw new FormatException($"--api must be an http:// or https:// address such as http://localhost:5000, not '{value}'");
                    break;
                case "--api-key":
                    apiKey = Once(name, apiKey, value.Length > 0 ? value : throw new FormatException("--api-key needs a key"));
                    break;
                case "--api-key-file":
                    apiKeyFile = Once(name, apiKeyFile, value);
                    break;
                case "--ca-file":
                    options.CaFile = value;
                    break;
                case "--cert":
                    options.CertificateFile = value;
                    break;
                case "--key":
                    options.KeyFile = value;
                    break;
                case "--cert-dir":
                    options.CertificateDirectory = value;
                    break;
                case "--tls-server-name":
                    options.TlsServerName = value;
                    break;
                case "--devices":
                    options.Devices = Integer(name, value, 1, 1_000_000);
                    break;
                case "--types":
                    options.Types = FleetMix.Parse(value);
                    break;
                case "--scenario":
                    options.Scenario = value;
                    break;
                case "--interval":
                    options.Intervals = IntervalOverrides.Parse(value);
                    break;
                case "--window":
                    options.WindowSeconds = Number(name, value, 0.1, 3600);
                    break;
                case "--duration":
                    options.Duration = TimeSpan.FromSeconds(Number(name, value, 0, 365 * 86400));
                    break;
                case "--id-prefix":
                    options.IdPrefix = IdPrefixPattern().IsMatch(value)
                        ? value
                        : throw new FormatException($"--id-prefix: '{value}' would break the device id rule [a-z0-9][a-z0-9._-]{{0,63}} (a prefix takes lowercase letters, digits, '.' and '-', up to 41 characters)");
                    break;
                case "--connect-rate":
                    options.ConnectRate = Number(name, value, 0.1, 100_000);
                    break;
                case "--ground-truth":
                    options.GroundTruth = value.Length > 0 ? value : throw new FormatException("--ground-truth needs a path");
                    break;
                case "--seed":
                    options.Seed = ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : throw new FormatException($"--seed must be a whole number from 0 to {ulong.MaxValue}, not '{value}'");
                    break;
                case "--fault-rate":
                    options.FaultRate = Number(name, value, 0, 1);
                    break;
                case "--failure-rate":
                    options.FailureRate = Number(name, value, 0, 1);
                    break;
                case "--session-expiry":
                    options.SessionExpiry = TimeSpan.FromSeconds(Integer(name, value, 0, 86400 * 7));
                    break;
                default:
                    throw new FormatException($"unknown option '{name}'");
            }
        }

        ReadSecrets(options, password, passwordFile, apiKey, apiKeyFile, environment);
        if (options.Password is not null && options.Username is null)
        {
            throw new FormatException("--password needs --username");
        }

        CheckDeviceCredentials(options);

        return options;
    }

    // Per-device credentials replace the shared username, and each source of them excludes the other: a device with
    // two secrets to choose from would hide which one the broker refused.
    private static void CheckDeviceCredentials(FleetOptions options)
    {
        if (options.CredentialsFile is not null && options.ProvisionCredentials)
        {
            throw new FormatException($"give either {DeviceSecretsFile.Option} (secrets from a file) or --provision-credentials (secrets issued now), not both");
        }

        if ((options.CredentialsFile is not null || options.ProvisionCredentials) && options.Username is not null)
        {
            throw new FormatException($"--username is for one account shared by every device; {DeviceSecretsFile.Option} and --provision-credentials give each device its own");
        }

        if (options.ProvisionCredentials && options.Api is null)
        {
            throw new FormatException("--provision-credentials needs --api (the silo's HTTP address, such as http://localhost:5000)");
        }

        if (!options.ProvisionCredentials && (options.Api is not null || options.ApiKey is not null))
        {
            throw new FormatException("--api and --api-key go with --provision-credentials");
        }
    }

    // The environment is asked only for a secret the run would use (a password goes with --username, a key with
    // --provision-credentials), so a variable exported for another tool neither changes nor breaks this one's run.
    private static void ReadSecrets(FleetOptions options, string? password, string? passwordFile, string? apiKey, string? apiKeyFile, Func<string, string?> environment)
    {
        try
        {
            options.Password = PasswordOption.Read(password, passwordFile, options.Username is null ? null : environment);
            options.ApiKey = ApiKeyOption.Read(apiKey, apiKeyFile, options.ProvisionCredentials ? environment : null);
        }
        catch (UsageException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    // A secret given twice, one way and then another, would leave a doubt which one the run used.
    private static string Once(string name, string? current, string value) =>
        current is null ? value : throw new FormatException($"{name} is given twice");

    private static int Integer(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"{name} must be a whole number from {min} to {max}, not '{value}'");

    private static double Number(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{value}'");

    // A prefix may be empty; otherwise it starts the id, so it starts with a letter or digit. Underscores are refused
    // although the id rule allows them, because the platform's docs name devices with dashes.
    [GeneratedRegex("^([a-z0-9][a-z0-9.-]{0,40})?$")]
    private static partial Regex IdPrefixPattern();
}
