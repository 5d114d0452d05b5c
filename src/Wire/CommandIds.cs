namespace DigitalTwin.Wire;

/// <summary>The one rule for command ids, whether the twin makes them or a caller or device sends them.</summary>
public static class CommandIds
{
    public const int MaxLength = 64;

    public const string Rule = "1-64 characters [A-Za-z0-9._:-]";

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
