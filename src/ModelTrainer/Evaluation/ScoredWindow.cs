namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// One window as event-level scoring sees it: its device, start and the onset of the episode it belongs to
/// (<see cref="DigitalTwin.Behaviour.Dataset.LabelledWindows.NoEpisode"/> for a normal window), its true class and band
/// (indices of the caller's lists; band −1 for none), whether the detector flagged it, and whether it named the right
/// class (always false for a detector that names none).
/// </summary>
internal readonly record struct ScoredWindow(int Device, long StartSeconds, long OnsetSeconds, int Class, int Band, bool Flagged, bool RightClass);
