SELECT * FROM customers /*! WHERE region = "eu" */
