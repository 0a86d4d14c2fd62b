namespace PaymentCore.Sqlite.Tests;

/// <summary>A temporary folder for database files, deleted on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("paymentcore-sqlite-").FullName;
    }

    public string Folder { get; }

    public string PathOf(string name = "payments.db") => Path.Combine(Folder, name);

    public string ConnectionString(string name = "payments.db") => "Data Source=" + PathOf(name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on another platform; the OS temp cleaner takes it.
        }
    }
}
