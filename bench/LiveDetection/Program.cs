using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalTwin.Bench.LiveDetection;
using DigitalTwin.BenchHost;
using DigitalTwin.TestSupport;

// Runs a simulated fleet live on MQTT against a silo and joins the platform's alerts with the simulator's ground truth.
const string usage = """
    Usage: dotnet run -c Release --project bench/LiveDetection -- [options]

    Starts a silo (in memory, embedded broker), runs the device simulator's fleet against it over MQTT with a
    scenario's anomaly schedule squeezed into the run, then reads every alert from GET /api/v1/alerts and joins them
    with the simulator's ground truth: episodes detected per class and band (right type, any type), median delay,
    false alerts per 100 device-days; and the silo's CPU per scored window. Twins start cold: for the first
    Detection:WarmUp (an hour) they are judged by their device type's peer baseline.

    Options:
      --devices <n>          fleet size (default 200)
      --minutes <n>          how long the fleet runs (default 30)
      --scenario <file>      the simulator's scenario (default src/DeviceSimulator/Scenarios/default.json)
      --model <file>         Detection:ModelPath, a trained .dtnmodel (default none: baselines only)
      --warm-up <minutes>    Detection:WarmUp in minutes (default the silo's, 60)
      --silo <path>          the silo assembly (default this repository's Release build)
      --simulator <path>     the simulator assembly (default this repository's Release build)
      --ground-truth <file>  where the run's ground truth is written (default a temporary file)
    """;

var (devices, minutes) = (200, 30);
string? scenario = null, model = null, siloPath = BenchArguments.FindSiloInRepository(), simulatorPath = null, truthPath = null;
int? warmUp = null;
if (!BenchArguments.TryRead(args, (name, value) => name switch
    {
        "--devices" => BenchArguments.ReadInt(name, value, 1, 100_000, n => devices = n),
        "--minutes" => BenchArguments.ReadInt(name, value, 1, 24 * 60, n => minutes = n),
        "--scenario" => File.Exists(value) ? Set(() => scenario = value) : $"--scenario: no file '{value}'.",
        "--model" => File.Exists(value) ? Set(() => model = Path.GetFullPath(value)) : $"--model: no file '{value}'.",
        "--warm-up" => BenchArguments.ReadInt(name, value, 0, 43_200, n => warmUp = n),
        "--silo" => Set(() => siloPath = value),
        "--simulator" => File.Exists(value) ? Set(() => simulatorPath = value) : $"--simulator: no file '{value}'.",
        "--ground-truth" => Set(() => truthPath = value),
        _ => $"unknown option {name}",
    }, out var problem) || BenchArguments.CheckSilo(siloPath) is { } missing && (problem = missing) is not null)
{
    Console.Error.WriteLine(problem is null ? usage : $"{problem}\n\n{usage}");
    return problem is null ? 0 : 2;
}

var repository = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(siloPath)!, "..", "..", "..", "..", ".."));
simulatorPath ??= Path.Combine(repository, "src", "DeviceSimulator", "bin", "Release", "net10.0", "DigitalTwin.DeviceSimulator.dll");
scenario ??= Path.Combine(repository, "src", "DeviceSimulator", "Scenarios", "default.json");
truthPath ??= Path.Combine(Path.GetTempPath(), $"dtn-live-truth-{Guid.NewGuid():N}.csv");
if (!File.Exists(simulatorPath))
{
    Console.Error.WriteLine($"Simulator not found at {simulatorPath}. Build it first: dotnet build -c Release src/DeviceSimulator, or pass --simulator.");
    return 2;
}

int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next()];
var (httpPort, mqttPort) = (ports[0], ports[1]);
List<string> siloArguments =
[
    $"--Urls=http://127.0.0.1:{httpPort}", $"--Mqtt:Port={mqttPort}", $"--Orleans:SiloPort={ports[2]}", $"--Orleans:GatewayPort={ports[3]}",
    .. model is null ? Array.Empty<string>() : [$"--Detection:ModelPath={model}"],
    .. warmUp is null ? Array.Empty<string>() : [$"--Detection:WarmUp={TimeSpan.FromMinutes(warmUp.Value):c}"],
];
Console.WriteLine($"Machine: {MachineDescription.Read()}");
Console.WriteLine($"Fleet: {devices} devices for {minutes} min, scenario {Path.GetFileName(scenario)}; model: {model ?? "none"}; warm-up: {(warmUp is null ? "the silo's" : $"{warmUp} min")}.");
await using var silo = SiloProcess.Start(siloPath!, ports, siloArguments, "dotnet " + string.Join(' ', siloArguments), Console.Out);
using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
await silo.WaitUntilHealthyAsync(http, TimeSpan.FromMinutes(1), CancellationToken.None);
var cpuBefore = silo.ProcessorTime;

var simulator = Process.Start(new ProcessStartInfo("dotnet")
{
    ArgumentList =
    {
        simulatorPath, "run", "--port", mqttPort.ToString(CultureInfo.InvariantCulture), "--scenario", scenario,
        "--devices", devices.ToString(CultureInfo.InvariantCulture), "--duration", (minutes * 60).ToString(CultureInfo.InvariantCulture),
        "--ground-truth", truthPath,
    },
    RedirectStandardOutput = true,
    RedirectStandardError = true,
}) ?? throw new InvalidOperationException("the simulator did not start");
var lastLine = "";
simulator.OutputDataReceived += (_, e) => lastLine = e.Data ?? lastLine;
simulator.ErrorDataReceived += (_, e) =>
{
    if (e.Data is { Length: > 0 } line)
    {
        Console.Error.WriteLine("simulator: " + line);
    }
};
simulator.BeginOutputReadLine();
simulator.BeginErrorReadLine();
await simulator.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(minutes + 5));
Console.WriteLine($"simulator exited with {simulator.ExitCode}: {lastLine.Trim()}");

// The alert index is written behind the twins: read it once the silo's detection counts have stopped moving.
var scored = await SettledWindowsScoredAsync(http);
var cpu = silo.ProcessorTime - cpuBefore;
var alerts = await AlertIndex.ReadAllAsync(http, CancellationToken.None);
var truth = RunTruth.Read(truthPath);
Console.WriteLine($"Windows scored: {scored:N0}; silo CPU over the run {cpu.TotalSeconds:0} s ({cpu.TotalMicroseconds / Math.Max(scored, 1):0} µs per scored window, everything the silo did included); ground truth: {truthPath}.");
Console.WriteLine();
Console.WriteLine(LiveTally.Report(truth, alerts));
return simulator.ExitCode == 0 ? 0 : 1;

static async Task<long> SettledWindowsScoredAsync(HttpClient http)
{
    long last = -1;
    while (true)
    {
        using var metrics = await http.GetFromJsonAsync<JsonDocument>("/api/v1/system/metrics");
        var scored = metrics!.RootElement.GetProperty("data").GetProperty("detection").GetProperty("windows_scored").GetInt64();
        if (scored == last)
        {
            // The alert index's writer flushes every half second.
            await Task.Delay(TimeSpan.FromSeconds(1));
            return scored;
        }

        last = scored;
        await Task.Delay(TimeSpan.FromSeconds(2));
    }
}

static string? Set(Action assign)
{
    assign();
    return null;
}
