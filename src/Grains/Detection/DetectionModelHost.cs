using DigitalTwin.Detection.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// Loads the trained model twins score with next to their baselines (<see cref="DetectionOptions.ModelPath"/>), and
/// loads it again whenever the file changes (checked every <see cref="DetectionOptions.ModelCheckInterval"/>: its
/// time and size, which also works on the mounted volumes where file-change events do not). A file that cannot be
/// loaded (not a model, damaged, another format or feature schema version) is refused with its reason in the log and
/// in <see cref="Status"/>, and the model before it, if any, keeps serving. The model replaced is not disposed: twins
/// may be scoring with it, and its prediction engines hold no more than memory.
/// </summary>
public sealed partial class DetectionModelHost(IOptions<DetectionOptions> options, TimeProvider clock, ILogger<DetectionModelHost> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private DetectionModel? _model;
    private DetectionModelStatus _status = new(options.Value.ModelPath, false, null, null, null, null, null, null, null);
    private (DateTime Written, long Length)? _seen;
    private DateTimeOffset _predictionFailureLogged = DateTimeOffset.MinValue;

    /// <summary>The model serving now, or null (none configured, or none loaded yet).</summary>
    public DetectionModel? Current => Volatile.Read(ref _model);

    public DetectionModelStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Loads the file if it changed since the last attempt; returns whether a new model now serves.</summary>
    public bool Refresh()
    {
        var path = options.Value.ModelPath;
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            Refuse(path, $"{path}: no such file", seen: null);
            return false;
        }

        var version = (file.LastWriteTimeUtc, file.Length);
        if (_seen == version)
        {
            return false;
        }

        DetectionModel model;
        string trainedOn;
        try
        {
            model = DetectionModel.Load(path);
            trainedOn = model.Manifest.Training?.File ?? throw new ModelFormatException($"{path}: the manifest names no training data");

            // A model must answer before it serves: one whose inner models do not fit its manifest would otherwise
            // load and then fail on every window.
            model.Predict(new double[model.Manifest.Features.Count], model.Manifest.Normalisation.DeviceTypes.Keys.FirstOrDefault() ?? "");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Refuse(path, ex is ModelFormatException or IOException or UnauthorizedAccessException ? ex.Message : $"{path}: {ex.GetType().Name}: {ex.Message}", version);
            return false;
        }

        Volatile.Write(ref _model, model);
        lock (_lock)
        {
            _seen = version;
            _status = _status with
            {
                Serving = true,
                LoadedAt = clock.GetUtcNow(),
                TrainedOn = trainedOn,
                Scenario = model.Manifest.Training.ScenarioId,
                Created = model.Manifest.Created,
                Scoring = model.CompilationProblem is null ? "compiled" : $"engine: {model.CompilationProblem}",
            };
        }

        LogModelLoaded(logger, path, trainedOn, model.Manifest.Classes.Count);
        if (model.CompilationProblem is not null)
        {
            LogModelNotCompiled(logger, path, model.CompilationProblem);
        }
        return true;
    }

    /// <summary>
    /// Records a prediction that failed (the twin scored its window by its baseline alone): logged at most once a
    /// minute, and shown in <see cref="Status"/>.
    /// </summary>
    public void PredictionFailed(Exception exception)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            _status = _status with { LastError = $"prediction failed: {exception.GetType().Name}: {exception.Message}", LastErrorAt = now };
            if (now - _predictionFailureLogged < TimeSpan.FromMinutes(1))
            {
                return;
            }

            _predictionFailureLogged = now;
        }

        LogPredictionFailed(logger, exception, options.Value.ModelPath ?? "");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || string.IsNullOrEmpty(options.Value.ModelPath))
        {
            return;
        }

        Refresh();
        using var timer = new PeriodicTimer(options.Value.ModelCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Refresh();
        }
    }

    private void Refuse(string path, string reason, (DateTime, long)? seen)
    {
        lock (_lock)
        {
            var repeated = _status.LastError == reason;
            _seen = seen;
            _status = _status with { LastError = reason, LastErrorAt = clock.GetUtcNow() };
            if (repeated)
            {
                return;
            }
        }

        LogModelRefused(logger, path, reason, Current is not null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Detection model {Path} loaded (trained on {Training}, {Classes} classes); twins score with it next to their baselines")]
    private static partial void LogModelLoaded(ILogger logger, string path, string training, int classes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Detection model {Path} could not be compiled ({Reason}); twins score with ML.NET's prediction engine, same verdicts at several times the CPU per window")]
    private static partial void LogModelNotCompiled(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Detection model {Path} failed to score a window; the window was scored by its baseline alone (logged at most once a minute)")]
    private static partial void LogPredictionFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Detection model {Path} refused: {Reason}. Still serving the previous model: {PreviousServing}")]
    private static partial void LogModelRefused(ILogger logger, string path, string reason, bool previousServing);
}
