using System.Text.Json;
using DigitalTwin.Api.Twins;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Wire;

namespace DigitalTwin.Api.Commands;

/// <summary>Turns command contracts into API responses.</summary>
internal static class CommandMapping
{
    public static CommandResponse ToResponse(this CommandView command) => new(
        command.CommandId,
        command.TwinId,
        command.Action,
        TwinMapping.ToObjects(command.Parameters),
        WireNames.Of(command.Status),
        command.Qos,
        command.Timeout.TotalSeconds,
        command.CreatedAt,
        command.ExpiresAt,
        command.SentAt,
        command.CompletedAt,
        command.ResultJson is { } json ? JsonSerializer.Deserialize<JsonElement>(json) : null,
        command.Reason,
        command.JobId);

    public static CommandJobResponse ToResponse(this CommandJobView job) => new(
        job.JobId,
        job.Status switch
        {
            CommandJobStatus.Dispatching => "dispatching",
            CommandJobStatus.Running => "running",
            _ => "completed",
        },
        job.Request.Command.Action,
        TwinMapping.ToObjects(job.Request.Command.Parameters),
        job.Request.Command.Timeout.TotalSeconds,
        job.Request.Command.TimeToLive.TotalSeconds,
        job.Request.Command.Qos,
        job.Targets,
        job.Counts,
        job.CreatedAt,
        job.CompletedAt,
        job.Error);

    public static CommandJobTargetResponse ToResponse(this CommandJobTarget target) =>
        new(target.TwinId, target.CommandId, CommandJob.OutcomeName(target), target.Reason, target.CompletedAt);

    public static DeviceTypeResponse ToResponse(this KeyValuePair<string, DeviceTypeDeclaration> type) =>
        new(type.Key, type.Value.Description, type.Value.Actions);
}
