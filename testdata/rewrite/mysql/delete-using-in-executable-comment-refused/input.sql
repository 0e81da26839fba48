DELETE FROM c /*! USING customers c */ WHERE c.id = 1
