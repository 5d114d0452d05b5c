namespace DigitalTwin.Behaviour.Traffic;

/// <summary>
/// What the features need of a queried name, computed once per name so a window never keeps the strings:
/// a 64-bit identity for counting distinct names, its length and the Shannon entropy of its characters.
/// </summary>
public readonly record struct DnsName(ulong Identity, int Length, double Entropy)
{
    public static DnsName Of(ReadOnlySpan<char> name)
    {
        // FNV-1a over the lower-cased characters: DNS names compare case-insensitively.
        var hash = 14695981039346656037UL;
        Span<int> counts = stackalloc int[128];
        counts.Clear();
        Dictionary<char, int>? others = null;
        foreach (var raw in name)
        {
            var c = char.ToLowerInvariant(raw);
            hash = (hash ^ c) * 1099511628211UL;
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                others ??= [];
                others[c] = others.GetValueOrDefault(c) + 1;
            }
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            entropy += Term(count, name.Length);
        }

        foreach (var count in others?.Values ?? Enumerable.Empty<int>())
        {
            entropy += Term(count, name.Length);
        }

        return new DnsName(hash, name.Length, entropy);
    }

    private static double Term(int count, int length)
    {
        if (count == 0)
        {
            return 0;
        }

        var p = (double)count / length;
        return -p * Math.Log2(p);
    }
}
