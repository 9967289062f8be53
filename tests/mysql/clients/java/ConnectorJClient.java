// MariaDB Connector/J against OrdinalDB's MySQL protocol with server-side prepared
// statements (useServerPrepStmts=true). Environment as dbapi_client.py.
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

public class ConnectorJClient {
  static void expect(boolean cond, String what) {
    if (!cond) {
      System.out.println("FAIL " + what);
      System.exit(1);
    }
    System.out.println("ok " + what);
  }

  static Connection connect(String host, String port, String db) throws SQLException {
    String url = "jdbc:mariadb://" + host + ":" + port + "/" + db
        + "?useServerPrepStmts=true&user=root&password=" + System.getenv("ORD_PASSWORD");
    return DriverManager.getConnection(url);
  }

  public static void main(String[] args) throws Exception {
    String db = System.getenv("ORD_DB");
    try (Connection c = connect(System.getenv("ORD_HOST"), System.getenv("ORD_PORT"), "")) {
      Statement s = c.createStatement();
      s.execute("CREATE DATABASE " + db);
      s.execute("USE " + db);
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20), body TEXT, score DOUBLE)");
      expect(true, "DDL");
      String longText = "z".repeat(40000) + "ß'\"end";
      PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?)");
      insert.setInt(1, 1); insert.setString(2, "one"); insert.setString(3, longText);
      insert.setDouble(4, 1.5);
      expect(insert.executeUpdate() == 1, "prepared insert");
      insert.setInt(1, 2); insert.setNull(2, Types.VARCHAR); insert.setNull(3, Types.VARCHAR);
      insert.setNull(4, Types.DOUBLE);
      expect(insert.executeUpdate() == 1, "prepared insert of NULLs");
      PreparedStatement select =
          c.prepareStatement("SELECT id, name, body, score FROM items WHERE id = ?");
      select.setInt(1, 1);
      try (ResultSet r = select.executeQuery()) {
        expect(r.next() && r.getInt(1) == 1 && r.getString(2).equals("one")
            && r.getString(3).equals(longText) && r.getDouble(4) == 1.5, "prepared select");
      }
      select.setInt(1, 2);
      try (ResultSet r = select.executeQuery()) {
        expect(r.next() && r.getString(2) == null && r.getString(3) == null, "NULLs read back");
      }
      c.setAutoCommit(false);
      PreparedStatement update = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?");
      update.setString(1, "changed"); update.setInt(2, 1);
      update.executeUpdate();
      c.rollback();
      c.setAutoCommit(true);
      select.setInt(1, 1);
      try (ResultSet r = select.executeQuery()) {
        expect(r.next() && r.getString(2).equals("one"), "rollback undoes the transaction");
      }
      try {
        insert.setInt(1, 1); insert.setString(2, "dup"); insert.setNull(3, Types.VARCHAR);
        insert.setNull(4, Types.DOUBLE);
        insert.executeUpdate();
        expect(false, "duplicate key is an error");
      } catch (SQLException e) {
        expect(e.getErrorCode() == 1062, "duplicate key is error 1062 (" + e.getErrorCode() + ")");
      }
    }
    try (Connection r = connect(System.getenv("ORD_REPLICA_HOST"),
                                System.getenv("ORD_REPLICA_PORT"), "")) {
      // Connected without a database: the replica may not have received it yet.
      int count = 0;
      long deadline = System.currentTimeMillis() + 30000;
      while (System.currentTimeMillis() < deadline) {
        try (ResultSet rs = r.createStatement().executeQuery("SELECT COUNT(*) FROM " + db + ".items")) {
          rs.next();
          count = rs.getInt(1);
        } catch (SQLException e) {
          count = 0;
        }
        if (count == 2) break;
        Thread.sleep(50);
      }
      expect(count == 2, "replica serves the rows");
      try {
        r.createStatement().executeUpdate("INSERT INTO " + db + ".items VALUES (9, 'no', NULL, NULL)");
        expect(false, "a write on a replica is refused");
      } catch (SQLException e) {
        expect(e.getErrorCode() == 1290, "a write on a replica is error 1290 (" + e.getErrorCode() + ")");
      }
    }
    System.out.println("done");
  }
}
