namespace DigitalTwin.Behaviour.Features;

/// <summary>
/// Brings the feature values of a stored or received window into the catalogue's shape: one value per feature of
/// <see cref="FeatureCatalog"/>, NaN for each feature the window's schema version does not define. Values written
/// before features were appended to the catalogue (32 of them in a grain state, a snapshot, a table row or a call
/// from a silo of that time) grow with NaN, so every reader of old data sees what a new window of that version holds.
/// </summary>
public static class FeatureValues
{
    /// <summary>
    /// <paramref name="values"/> itself when it already has that shape (no copy on the hot path); otherwise a new array
    /// of <see cref="FeatureCatalog.Count"/> values, NaN past the end of <paramref name="values"/> and for features
    /// <paramref name="schemaVersion"/> lacks.
    /// </summary>
    public static double[] ForVersion(double[] values, int schemaVersion)
    {
        if (values.Length == FeatureCatalog.Count && !HoldsUndefined(values, schemaVersion))
        {
            return values;
        }

        var shaped = new double[FeatureCatalog.Count];
        for (var i = 0; i < shaped.Length; i++)
        {
            shaped[i] = i < values.Length && FeatureCatalog.Defines(schemaVersion, (NetworkFeature)i) ? values[i] : double.NaN;
        }

        return shaped;
    }

    private static bool HoldsUndefined(double[] values, int schemaVersion)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]) && !FeatureCatalog.Defines(schemaVersion, (NetworkFeature)i))
            {
                return true;
            }
        }

        return false;
    }
}
