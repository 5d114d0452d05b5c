using DigitalTwin.TestSupport;
using YamlDotNet.RepresentationModel;

namespace DigitalTwin.Kubernetes.Tests;

/// <summary>
/// The repository's k8s/ folder: renders an overlay with <c>kubectl kustomize</c> and runs the offline validator
/// (k8s/validate, its npm packages installed once per test run with <c>npm ci</c>).
/// </summary>
public sealed class KubernetesManifests : IAsyncLifetime
{
    public static readonly string[] Overlays = ["dev", "production", "production-cloudnative-pg"];

    public string Root { get; } = RepositoryRoot.File("k8s");

    private string ValidatorDirectory => Path.Combine(Root, "validate");

    public async Task InitializeAsync()
    {
        var (exit, output, errors) = await ExternalProgram.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], ValidatorDirectory);
        Assert.True(exit == 0, $"npm ci in k8s/validate failed:\n{output}{errors}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs the validator over overlays (by name) or, with <paramref name="input"/>, over that YAML.</summary>
    public async Task<(int ExitCode, string Output)> ValidateAsync(IEnumerable<string> overlays, string? input = null)
    {
        var sources = input is null ? overlays.Select(o => $"../overlays/{o}") : ["-"];
        var (exit, output, errors) = await ExternalProgram.RunAsync("node", ["validate.mjs", .. sources], ValidatorDirectory, input);
        return (exit, output + errors);
    }

    /// <summary>The overlay's resources, each a YAML mapping.</summary>
    public async Task<IReadOnlyList<YamlMappingNode>> RenderAsync(string overlay)
    {
        var (exit, output, errors) = await ExternalProgram.RunAsync("kubectl", ["kustomize", Path.Combine("overlays", overlay)], Root);
        Assert.True(exit == 0, $"kubectl kustomize overlays/{overlay} failed:\n{errors}");
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }
}
