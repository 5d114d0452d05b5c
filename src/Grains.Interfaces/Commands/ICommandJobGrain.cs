using Orleans.Concurrency;

namespace DigitalTwin.Grains.Interfaces.Commands;

/// <summary>
/// One command sent to every twin a filter selects, keyed by job id, with a result per twin. The job
/// sends the commands in the background; each twin reports its command's final state back.
/// </summary>
public interface ICommandJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job; refused when a job with this id exists already.</summary>
    Task<CommandJobView> StartAsync(CommandJobRequest request);

    /// <summary>The job with its counts per status, or null when no job has this id. Reads interleave with dispatching.</summary>
    [AlwaysInterleave]
    Task<CommandJobView?> GetAsync();

    /// <summary>A page of per-twin results, optionally of one status; null when no job has this id.</summary>
    [AlwaysInterleave]
    Task<CommandJobTargetPage?> ListTargetsAsync(CommandJobTargetQuery query);

    /// <summary>A twin's command of this job reached a final state.</summary>
    [OneWay]
    Task ReportAsync(CommandView command);
}
