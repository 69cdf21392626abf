package dev.collab.sample;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * The bean of {@code faces-editor.xhtml}, the sample's Jakarta Faces page: which document, whether
 * this user may edit it (a writer or an administrator, and not locked on the page), and a counter
 * of form posts (the editor must survive a full postback as well as an Ajax update).
 */
@Named
@ViewScoped
public class FacesEditor implements Serializable {
  private static final long serialVersionUID = 1L;

  private String document = "";
  private boolean locked;
  private int posts;

  public String getDocument() {
    return document;
  }

  public void setDocument(String document) {
    this.document = document == null ? "" : document;
  }

  public boolean isLocked() {
    return locked;
  }

  public void setLocked(boolean locked) {
    this.locked = locked;
  }

  /** A writer or an administrator may edit, unless editing is locked on the page. */
  public boolean isCanEdit() {
    var external = FacesContext.getCurrentInstance().getExternalContext();
    return !locked && (external.isUserInRole("collab-writer") || external.isUserInRole("collab-admin"));
  }

  /** Shown in an empty document; quotes and angle brackets reach the page as text. */
  public String getPlaceholder() {
    return "Write here: \"quotes\" & <tags> stay text";
  }

  public int getPosts() {
    return posts;
  }

  /** A plain form post (no navigation). */
  public void post() {
    posts++;
  }
}
