using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.Behaviour.Tests.CommandLine;

/// <summary>A secret from the option, a file or the environment, and clear refusals that never show it.</summary>
public sealed class SecretOptionTests : IDisposable
{
    private static readonly SecretOption Password = new("--password", "DTN_MQTT_PASSWORD");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-secret-option-");

    [Fact]
    public void TheOptionsValueIsTheSecret()
    {
        Assert.Equal("from-option", Password.Read("from-option", null, Environment("from-environment")));
    }

    [Theory]
    [InlineData("s3cret\n")]
    [InlineData("s3cret\r\n")]
    [InlineData("s3cret")]
    public void AFilesContentIsTheSecretWithoutItsLastLineBreak(string content)
    {
        var file = Write(content);

        Assert.Equal("s3cret", Password.Read(null, file, Environment("from-environment")));
    }

    [Fact]
    public void TheFileKeepsSpacesTheSecretHolds()
    {
        Assert.Equal(" s3 cret ", Password.Read(null, Write(" s3 cret \n"), null));
    }

    [Fact]
    public void WithNeitherOptionTheVariableIsTheSecret()
    {
        Assert.Equal("from-environment", Password.Read(null, null, Environment("from-environment")));
    }

    [Fact]
    public void TheVariableIsNotAskedWhenTheToolWouldNotUseTheSecret()
    {
        Assert.Null(Password.Read(null, null, null));
    }

    [Fact]
    public void AnEmptyOrMissingVariableIsNoSecret()
    {
        Assert.Null(Password.Read(null, null, Environment("")));
        Assert.Null(Password.Read(null, null, _ => null));
    }

    [Fact]
    public void TheOptionAndItsFileTogetherAreRefused()
    {
        var error = Assert.Throws<UsageException>(() => Password.Read("from-option", Write("s3cret"), null));

        Assert.Equal("give --password or --password-file, not both", error.Message);
    }

    [Fact]
    public void AMissingFileIsRefusedNamingTheOptionAndThePath()
    {
        var missing = Path.Combine(_directory.FullName, "absent.txt");

        var error = Assert.Throws<UsageException>(() => Password.Read(null, missing, null));

        Assert.StartsWith($"--password-file '{missing}' cannot be read: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryIsRefused()
    {
        var error = Assert.Throws<UsageException>(() => Password.Read(null, _directory.FullName, null));

        Assert.StartsWith($"--password-file '{_directory.FullName}' cannot be read: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void AnEmptyFileIsRefused(string content)
    {
        var file = Write(content);

        var error = Assert.Throws<UsageException>(() => Password.Read(null, file, null));

        Assert.Equal($"--password-file '{file}' is empty", error.Message);
    }

    [Theory]
    [InlineData("first-secret\nsecond-line\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\r\nMIIE\r\n")]
    [InlineData("s3cret\n\n")]
    [InlineData("s3cret\r")]
    public void AFileOfMoreThanOneLineIsRefusedWithoutShowingIt(string content)
    {
        var file = Write(content);

        var error = Assert.Throws<UsageException>(() => Password.Read(null, file, null));

        Assert.Equal($"--password-file '{file}' holds more than one line; it must hold only the secret", error.Message);
        Assert.All(content.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries), line => Assert.DoesNotContain(line, error.Message, StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static Func<string, string?> Environment(string value) =>
        name => name == "DTN_MQTT_PASSWORD" ? value : null;

    private string Write(string content)
    {
        var file = Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, content);
        return file;
    }
}
