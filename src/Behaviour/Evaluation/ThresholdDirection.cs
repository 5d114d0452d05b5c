namespace DigitalTwin.Behaviour.Evaluation;

/// <summary>Which side of a threshold a single-feature rule flags.</summary>
public enum ThresholdDirection
{
    /// <summary>Flags a window when the feature is at least the threshold.</summary>
    AtLeast,

    /// <summary>Flags a window when the feature is at most the threshold.</summary>
    AtMost,
}
