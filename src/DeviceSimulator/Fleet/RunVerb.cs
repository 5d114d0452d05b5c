using System.Runtime.InteropServices;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.DeviceSimulator.Scenarios;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>The <c>run</c> verb: a fleet of devices on real MQTT until Ctrl+C (or SIGTERM) or <c>--duration</c>.</summary>
internal static class RunVerb
{
    public const string Name = "run";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        FleetOptions options;
        try
        {
            options = FleetOptions.Parse(args);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"run: {ex.Message}\n\n{FleetOptions.Usage}");
            return 2;
        }

        BrokerSecurity security;
        try
        {
            security = BrokerSecurity.Read(options.Tls, options.CaFile, options.CertificateFile, options.KeyFile, options.CertificateDirectory, options.TlsServerName, options.Username, options.Password);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"run: {ex.Message}");
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(FleetOptions.Usage);
            return 0;
        }

        var time = TimeProvider.System;
        FleetLayout layout;
        try
        {
            layout = FleetLayout.From(options, time.GetUtcNow());
        }
        catch (ScenarioException ex)
        {
            await Console.Error.WriteLineAsync($"run: {ex.Message}");
            return 2;
        }

        var plans = layout.Devices;
        try
        {
            security = await WithDeviceSecretsAsync(security, options, plans);
        }
        catch (Exception ex) when (ex is UsageException or CredentialIssueException)
        {
            await Console.Error.WriteLineAsync($"run: {ex.Message}");
            return 2;
        }

        var settings = new FleetSettings(
            new DeviceConnection(options.Broker, options.Port, security, options.SessionExpiry),
            layout.Seed,
            layout.WindowSeconds,
            options.FaultRate,
            options.FailureRate,
            options.ConnectRate);

        using var stopping = new CancellationTokenSource();
        // Ctrl+C and SIGTERM stop the fleet gracefully: every device says offline and disconnects.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        if (options.Duration > TimeSpan.Zero)
        {
            stopping.CancelAfter(options.Duration);
        }

        await using var groundTruth = GroundTruthFile.Create(options.GroundTruth, layout.Provenance);
        await using var fleet = DeviceFleet.Create(plans, settings, groundTruth, time);
        Console.WriteLine(
            $"run: {plans.Count} devices ({Describe(plans)}), scenario {layout.Provenance.ScenarioId}, {layout.WindowSeconds} s windows, " +
            $"against {options.Broker}:{options.Port}; Ctrl+C stops");
        var started = time.GetUtcNow();
        var progress = new ProgressLine(fleet.Counters, fleet.Count);
        var running = fleet.RunAsync(stopping.Token);
        using (var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1), time))
        {
            while (await Task.WhenAny(running, ticker.WaitForNextTickAsync().AsTask()) != running)
            {
                var now = time.GetUtcNow();
                Console.WriteLine(progress.Next(now, now - started));
            }
        }

        await running;
        var end = time.GetUtcNow();
        Console.WriteLine(progress.Next(end, end - started));
        foreach (var (kind, count) in fleet.Counters.ErrorsByKind.OrderByDescending(e => e.Value))
        {
            Console.WriteLine($"  error x{count}: {kind}");
        }

        Console.WriteLine(
            $"run: stopped; {fleet.Counters.SaidOffline}/{fleet.Count} devices said offline (the others' last will says it); " +
            $"ground truth of {groundTruth.RowsWritten} windows in {options.GroundTruth}");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>Gives each device its own secret when asked to: from <c>--credentials</c>, or issued now through the API.</summary>
    private static async Task<BrokerSecurity> WithDeviceSecretsAsync(BrokerSecurity security, FleetOptions options, IReadOnlyList<DevicePlan> plans)
    {
        if (options.CredentialsFile is { } path)
        {
            var secrets = DeviceSecretsFile.Read(path);
            var missing = plans.Select(p => p.Id).Where(id => !secrets.ContainsKey(id)).ToList();
            return missing.Count == 0
                ? security.WithDeviceSecrets(secrets)
                : throw new UsageException($"{DeviceSecretsFile.Option}: '{path}' has no secret for device '{missing[0]}'" + (missing.Count > 1 ? $" nor {missing.Count - 1} other(s)" : ""));
        }

        if (options.ProvisionCredentials)
        {
            using var issuer = new DeviceCredentialIssuer(options.Api!, options.ApiKey);
            var secrets = await issuer.IssueAsync(plans.Select(p => p.Id), CancellationToken.None);
            Console.WriteLine($"run: issued a broker secret for each of {secrets.Count} devices through {options.Api}");
            return security.WithDeviceSecrets(secrets);
        }

        return security;
    }

    private static string Describe(IReadOnlyList<DevicePlan> plans) =>
        string.Join(", ", plans.GroupBy(p => p.Type).Select(g => $"{g.Count()} {g.Key}"));
}
