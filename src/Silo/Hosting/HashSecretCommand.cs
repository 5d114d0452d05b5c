using DigitalTwin.Grains.Credentials;

namespace DigitalTwin.Silo.Hosting;

/// <summary>
/// <c>dotnet run --project src/Silo -- hash-secret</c>: the hash to put in <c>Mqtt:Auth:Accounts:N:SecretHash</c>, so an
/// account's secret never has to be in configuration. Reads the secret from standard input (not the command line,
/// which shell history and process lists keep); with empty input it generates one (32 random bytes, base64url) and
/// prints it first. Exit code 2 for a secret shorter than <see cref="MinLength"/> characters.
/// </summary>
internal static class HashSecretCommand
{
    public const string Name = "hash-secret";

    public const int MinLength = 32;

    public static async Task<int> RunAsync()
    {
        var secret = (await Console.In.ReadLineAsync())?.Trim() ?? "";
        if (secret.Length == 0)
        {
            secret = DeviceSecret.New();
            await Console.Out.WriteLineAsync($"secret: {secret}");
        }
        else if (secret.Length < MinLength)
        {
            await Console.Error.WriteLineAsync($"An account secret must be at least {MinLength} characters; give none to have one generated.");
            return 2;
        }

        await Console.Out.WriteLineAsync($"hash: {SecretHash.Create(secret)}");
        return 0;
    }
}
