using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// A detector the evaluation puts side by side with the others: it gives a verdict on each window, and the same
/// window-level and event-level figures are computed for every detector. Stateful detectors (an online baseline that
/// learns each device as it goes) get the rows in file order, which is each device's windows in time order within a
/// day: they keep their state per device (<see cref="LabelledWindows.DeviceOf"/>).
/// </summary>
internal interface IWindowDetector
{
    /// <summary>The name the report's tables and plots give it.</summary>
    string Name { get; }

    /// <summary>Whether its verdicts name anomaly classes (then episodes detected as the right class are reported too).</summary>
    bool NamesClasses { get; }

    /// <summary>One verdict per row of <paramref name="rows"/> (indices into <paramref name="windows"/>), in that order.</summary>
    IReadOnlyList<WindowVerdict> Detect(LabelledWindows windows, IReadOnlyList<int> rows);
}
