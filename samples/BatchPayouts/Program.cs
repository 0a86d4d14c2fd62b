using BatchPayouts;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C stops the batch cleanly: items in flight finish and are recorded; run again to resume.
    e.Cancel = true;
    cancel.Cancel();
};

return await BatchPayoutsApp.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, cancellationToken: cancel.Token);
