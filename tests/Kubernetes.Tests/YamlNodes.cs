using YamlDotNet.RepresentationModel;

namespace DigitalTwin.Kubernetes.Tests;

/// <summary>Reading rendered manifests: a path of keys into a mapping, a resource found by kind and name.</summary>
internal static class YamlNodes
{
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IReadOnlyDictionary<string, string> Strings(this YamlNode node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "")
            : new Dictionary<string, string>();

    public static YamlMappingNode Resource(this IEnumerable<YamlMappingNode> resources, string kind, string name) =>
        resources.Single(r => r.Text("kind") == kind && r.Text("metadata", "name") == name);

    public static IEnumerable<YamlMappingNode> OfKind(this IEnumerable<YamlMappingNode> resources, string kind) =>
        resources.Where(r => r.Text("kind") == kind);
}
