using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaymentCore.Audit;

/// <summary>
/// Writes and reads audit entries as JSON lines: one object per line, UTF-8, <c>\n</c> after each, with the fields
/// <c>sequence</c>, <c>occurredAt</c> (ISO 8601, UTC), <c>actor</c>, <c>eventType</c>, <c>outcome</c>
/// (<c>success</c> or <c>failure</c>), <c>resource</c>, <c>origin</c> and <c>detail</c> (omitted when absent),
/// <c>previousHash</c> and <c>hash</c> (64 hex digits). Serialised by System.Text.Json's source generator.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static partial class AuditJsonLines
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>Writes one entry as one line.</summary>
    /// <param name="destination">The stream.</param>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the line is written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async ValueTask WriteAsync(Stream destination, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(entry);
        var line = new Line(
            entry.Sequence,
            entry.Event.OccurredAt,
            entry.Event.Actor,
            entry.Event.EventType,
            entry.Event.Outcome == AuditOutcome.Success ? "success" : "failure",
            entry.Event.Resource,
            entry.Event.Origin,
            entry.Event.Detail,
            entry.PreviousHash.ToString(),
            entry.Hash.ToString());
        await destination.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(line, LineContext.Default.Line), cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an export back, line by line, as written (not verified: pass the result to <see cref="AuditVerifier.VerifyAsync"/>).</summary>
    /// <param name="source">The export; left open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, in the order of the lines; blank lines are skipped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">A line is not an audit entry.</exception>
    public static async IAsyncEnumerable<AuditEntry> ReadAsync(Stream source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new StreamReader(source, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return Parse(line);
            }
        }
    }

    /// <summary>Reads one line back into an entry, as written (not verified).</summary>
    /// <param name="line">One line of an export.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The line is not an audit entry.</exception>
    public static AuditEntry Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        Line? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, LineContext.Default.Line);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The line is not a JSON audit entry: " + ex.Message, ex);
        }

        if (parsed is null || parsed.Actor is null || parsed.EventType is null || parsed.Resource is null || parsed.PreviousHash is null || parsed.Hash is null)
        {
            throw new FormatException("The line lacks a required audit field (actor, eventType, resource, previousHash or hash).");
        }

        var outcome = parsed.Outcome switch
        {
            "success" => AuditOutcome.Success,
            "failure" => AuditOutcome.Failure,
            _ => throw new FormatException("outcome must be \"success\" or \"failure\"."),
        };
        return new AuditEntry(
            parsed.Sequence,
            AuditEvent.FromStored(parsed.Actor, parsed.EventType, parsed.OccurredAt, outcome, parsed.Resource, parsed.Origin, parsed.Detail),
            AuditHash.Parse(parsed.PreviousHash),
            AuditHash.Parse(parsed.Hash));
    }

    internal sealed record Line(
        long Sequence,
        DateTimeOffset OccurredAt,
        string Actor,
        string EventType,
        string Outcome,
        string Resource,
        string? Origin,
        string? Detail,
        string PreviousHash,
        string Hash);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(Line))]
    internal sealed partial class LineContext : JsonSerializerContext;
}
