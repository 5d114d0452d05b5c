using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Persistence.Tests.Grains;

public sealed class ProbeGrain([PersistentState("probe", TwinStorage.ProviderName)] IPersistentState<ProbeState> state)
    : Grain, IProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public async Task WriteAsync(string text, int number)
    {
        state.State.Text = text;
        state.State.Number = number;
        state.State.WrittenAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
    }

    public Task<ProbeState> ReadAsync() => Task.FromResult(state.State);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartReminderAsync() =>
        // Orleans skips a first tick whose due time has already passed when the reminder service gets to it
        // (dotnet/orleans#9385): under load 200 ms could pass, and the next tick would only come a period later.
        this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1));

    public async Task StopReminderAsync() =>
        await this.UnregisterReminder(await this.GetReminder(ReminderName) ?? throw new InvalidOperationException("no reminder"));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderTicks.Record(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
