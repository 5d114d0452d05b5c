namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>How a finished command ended: exit code, everything it wrote, and how long it took.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws, naming the command and quoting its output, unless it exited with 0.</summary>
    public CommandResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException($"`{Command}` exited with {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}");
        }

        return this;
    }
}
