namespace PaymentCore.Iso20022.IO;

/// <summary>
/// A read-only view of a stream that counts the bytes read and fails once a limit is passed, so a hostile or
/// runaway file cannot make a reader run for ever. Does not own the inner stream.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long maxBytes) : Stream
{
    private long _bytesRead;

    /// <summary>Gets or sets the token used when the caller (e.g. <c>XmlReader</c>, which passes none) reads without one.</summary>
    public CancellationToken DefaultCancellationToken { get; set; }

    public long BytesRead => _bytesRead;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _bytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CancellationToken token = cancellationToken.CanBeCanceled ? cancellationToken : DefaultCancellationToken;
        return Count(await inner.ReadAsync(buffer, token).ConfigureAwait(false));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _bytesRead += read;
        if (_bytesRead > maxBytes)
        {
            throw new InputTooLargeException(maxBytes);
        }

        return read;
    }
}
