namespace DigitalTwin.Ingest;

/// <summary>Rows of the message log written by transactions of the window, and how many transactions wrote them.</summary>
public sealed record LogBatches(long Rows, long Transactions)
{
    public double MeanRows => Transactions == 0 ? 0 : (double)Rows / Transactions;
}
